/**
 * Limits on what one GraphQL operation may ask for, with graphql-armor's maintained rules: a
 * query of 400 `chatHistory` aliases answered 192 MiB from a 28 KiB request. The same rules
 * guard HTTP (Yoga plugins) and WebSocket (graphql-ws parse/validate); introspection is off
 * outside development.
 */
import { createRequire } from "node:module"
import { costLimitPlugin, costLimitRule } from "@escape.tech/graphql-armor-cost-limit"
import { maxAliasesPlugin, maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases"
import { maxDepthPlugin, maxDepthRule } from "@escape.tech/graphql-armor-max-depth"
import { MaxTokensParserWLexer, maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens"
import type { DocumentNode, ExecutionArgs, GraphQLSchema, ValidationRule } from "graphql"
import type { SubscribePayload } from "graphql-ws"
import type { Plugin } from "graphql-yoga"

// graphql has no exports map: Node loads its CommonJS build, bundlers (Vite, so Vitest) its
// .mjs one, and a rule or `validate` of one copy rejects a schema built by the other ("from
// another module or realm"). Yoga builds the schema with Node's copy: take the same one.
const { GraphQLError, NoSchemaIntrospectionCustomRule, specifiedRules, validate } = createRequire(
  import.meta.url,
)("graphql") as typeof import("graphql")

/** The limits of one operation. */
export interface GraphqlLimits {
  /** Aliases in one operation. */
  maxAliases: number
  /** Depth of selections. */
  maxDepth: number
  /** graphql-armor's cost (objects 2, scalars 1, times a factor per level of depth). */
  maxCost: number
  /** Lexical tokens in the document (parsing itself is bounded). */
  maxTokens: number
}

/** Far above what the chat schema's own operations use (1 field, depth 2, no aliases). */
export const DEFAULT_GRAPHQL_LIMITS: Readonly<GraphqlLimits> = {
  maxAliases: 15,
  maxDepth: 8,
  maxCost: 1000,
  maxTokens: 1000,
}

interface LimitSettings {
  limits?: Partial<GraphqlLimits> | undefined
  introspection: boolean
}

function resolved(settings: LimitSettings): GraphqlLimits {
  return { ...DEFAULT_GRAPHQL_LIMITS, ...definedOnly(settings.limits ?? {}) }
}

function definedOnly(limits: Partial<GraphqlLimits>): Partial<GraphqlLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined))
}

/** Yoga plugins: the armor limits, and no introspection unless allowed. */
export function limitPlugins(settings: LimitSettings): Plugin[] {
  const limits = resolved(settings)
  const plugins: Plugin[] = [
    maxTokensPlugin({ n: limits.maxTokens }),
    maxAliasesPlugin({ n: limits.maxAliases }),
    maxDepthPlugin({ n: limits.maxDepth }),
    costLimitPlugin({ maxCost: limits.maxCost }),
  ] as Plugin[]
  if (!settings.introspection) {
    plugins.push({
      onValidate({ addValidationRule }) {
        addValidationRule(NoSchemaIntrospectionCustomRule)
      },
    })
  }
  return plugins
}

type GraphQLError = InstanceType<typeof GraphQLError>

/**
 * graphql-ws `onSubscribe`: parses with the token limit and validates with the alias, depth and
 * cost rules (and no introspection); a refused operation gets its errors, the socket stays open.
 */
export function limitedSubscribe(schema: GraphQLSchema, settings: LimitSettings) {
  const limits = resolved(settings)
  const rules: ValidationRule[] = [
    ...specifiedRules,
    maxAliasesRule({ n: limits.maxAliases }),
    maxDepthRule({ n: limits.maxDepth }),
    costLimitRule({ maxCost: limits.maxCost }),
  ]
  if (!settings.introspection) rules.push(NoSchemaIntrospectionCustomRule)
  return (
    _context: unknown,
    _id: string,
    payload: SubscribePayload,
  ): ExecutionArgs | readonly GraphQLError[] => {
    let document: DocumentNode
    try {
      document = new MaxTokensParserWLexer(payload.query, { n: limits.maxTokens }).parseDocument()
    } catch (error) {
      if (error instanceof GraphQLError) return [error]
      throw error
    }
    let errors: readonly GraphQLError[]
    try {
      errors = validate(schema, document, rules)
    } catch (error) {
      // graphql-armor's rules throw their refusal (propagateOnRejection) instead of reporting it.
      if (error instanceof GraphQLError) return [error]
      throw error
    }
    if (errors.length > 0) return errors
    return {
      schema,
      document,
      variableValues: payload.variables,
      operationName: payload.operationName,
    }
  }
}

/**
 * The spec's flow without transactions (the seed SDK's `startRun`, `sendTextMessage(channel,
 * …)`, `sendAudioChunk`, `callTool`): frames whose envelope names no transaction go to one
 * implicit transaction per session and tool, and a client's RUN_STARTED declares a run its
 * later frames name by `run_id`. A run opened for the client's audio or tool frames lasts until
 * the client's RUN_FINISHED or RUN_CANCEL, or until it answers a message sent in it.
 */
import { randomUUID } from "node:crypto"
import { isAllowed } from "./auth.js"
import { type ProtocolContext, sendError } from "./protocol-context.js"
import type { Session } from "./session.js"
import { Run, ServerTransaction } from "./transaction.js"
import type { HAIPMessage, HAIPRunStatus } from "./types.js"

interface ImplicitState {
  /** The implicit transaction of each tool, by tool name. */
  readonly byTool: Map<string, string>
  /** Runs the client declared with RUN_STARTED: run_id → transaction id. */
  readonly declared: Map<string, string>
}

const states = new WeakMap<Session, ImplicitState>()
/** Runs opened for client frames and not (yet) answering a message. */
const frameRuns = new WeakSet<Run>()
/** Declared runs remembered per session (the oldest are forgotten first). */
const DECLARED_LIMIT = 1000
const RUN_STATUSES: ReadonlySet<string> = new Set(["OK", "CANCELLED", "ERROR"])

function stateOf(session: Session): ImplicitState {
  let state = states.get(session)
  if (!state) {
    state = { byTool: new Map(), declared: new Map() }
    states.set(session, state)
  }
  return state
}

/**
 * The transaction a frame without one belongs to: that of the run it names, else the implicit
 * transaction of the tool RUN_STARTED names (`metadata.tool` or `tool`) or of the only tool.
 * A string says why there is none.
 */
export function implicitTransaction(
  context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
): ServerTransaction | string {
  const state = stateOf(session)
  const runId = frame.run_id
  if (runId !== undefined) {
    const known = session.runs.get(runId)?.transaction.id ?? state.declared.get(runId)
    const transaction = known === undefined ? undefined : session.transactions.get(known)
    if (transaction) return transaction
  }
  const toolName = chosenTool(context, frame)
  if (toolName === undefined) {
    return `${context.tools.size} tools are registered: name one in RUN_STARTED's payload.metadata.tool`
  }
  const tool = context.tools.get(toolName)
  if (!tool) return `no tool named "${toolName}" is registered`
  if (!isAllowed(session.user, "TRANSACTION_START", toolName)) {
    return `this user may not use the tool "${toolName}"`
  }
  const existing = state.byTool.get(toolName)
  const kept = existing === undefined ? undefined : session.transactions.get(existing)
  if (kept) return kept
  const transaction = new ServerTransaction(randomUUID(), tool, toolName, {})
  session.transactions.set(transaction.id, transaction)
  state.byTool.set(toolName, transaction.id)
  return transaction
}

function chosenTool(context: ProtocolContext, frame: HAIPMessage): string | undefined {
  const payload = typeof frame.payload === "object" && frame.payload !== null ? frame.payload : {}
  const metadata = Object.hasOwn(payload, "metadata") ? payload.metadata : undefined
  if (typeof metadata === "object" && metadata !== null && Object.hasOwn(metadata, "tool")) {
    return String(metadata.tool)
  }
  if (frame.type === "RUN_STARTED" && Object.hasOwn(payload, "tool")) return String(payload.tool)
  return context.tools.size === 1 ? [...context.tools.keys()][0] : undefined
}

/** The client's RUN_STARTED: later frames with its `run_id` belong to this transaction. */
export function declareRun(session: Session, transaction: ServerTransaction, frame: HAIPMessage) {
  const runId = frame.run_id ?? frame.payload?.run_id
  if (typeof runId !== "string" || runId === "") {
    sendError(session, "PROTOCOL_VIOLATION", "RUN_STARTED needs a run_id (envelope or payload).", {
      relatedId: frame.id,
    })
    return
  }
  const declared = stateOf(session).declared
  declared.set(runId, transaction.id)
  if (declared.size > DECLARED_LIMIT) {
    const oldest = declared.keys().next().value
    if (oldest !== undefined) declared.delete(oldest)
  }
}

/** The client's RUN_FINISHED: forgets the run, and ends it if it was opened for its frames. */
export function finishDeclaredRun(session: Session, frame: HAIPMessage): void {
  const runId = frame.run_id ?? frame.payload?.run_id
  if (typeof runId !== "string") return
  stateOf(session).declared.delete(runId)
  const run = session.runs.get(runId)
  if (!run || !frameRuns.has(run)) return
  const status = String(frame.payload?.status ?? "OK")
  run.finish(RUN_STATUSES.has(status) ? (status as HAIPRunStatus) : "OK")
}

/** Opens a run for client frames (audio, tool results) naming a run the server has not got. */
export function openFrameRun(
  context: ProtocolContext,
  session: Session,
  transaction: ServerTransaction,
  runId: string,
): Run {
  const run = new Run(session, transaction, runId, {
    cancelGraceMs: context.cancelGraceMs,
    onFinished: (finished) => {
      session.runs.delete(finished.runId)
      transaction.runs.delete(finished.runId)
    },
  })
  session.runs.set(runId, run)
  transaction.runs.set(runId, run)
  frameRuns.add(run)
  run.start()
  return run
}

/** The run opened for client frames under this id in this transaction, now to answer a message. */
export function takeFrameRun(
  session: Session,
  transaction: ServerTransaction,
  runId: string,
): Run | undefined {
  const run = session.runs.get(runId)
  if (!run || !frameRuns.has(run) || run.transaction.id !== transaction.id) return undefined
  frameRuns.delete(run)
  return run
}

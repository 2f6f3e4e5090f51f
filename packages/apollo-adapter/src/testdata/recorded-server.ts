/**
 * A GraphQL server on 127.0.0.1 (port 0) that answers as a recorded one did: it plays the
 * server's side of a devtools recording of the GraphQL wire (`recordAdapter` of
 * `@aichatkit/devtools` around an `ApolloAdapter`; its `recordings/graphql.json`). Queries and
 * mutations arrive over HTTP, the `agentEvent` subscription over graphql-ws
 * (`graphql-transport-ws`); each recorded answer or subscription payload goes out once the
 * client has sent what the recorded client had sent before it, in the recorded order (a
 * `continueChat` stays unanswered until that turn's payloads went out on the subscription, as
 * recorded). What the client sends is not checked: a test compares what it decoded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { WireTraffic } from "@aichatkit/network-adapter"
import { type WebSocket, WebSocketServer } from "ws"
import { closeServer, listen } from "./servers.js"

/** The part of an `AdapterRecording` read here. */
export interface RecordedGraphqlSession {
  readonly entries: readonly { readonly kind: string; readonly traffic?: WireTraffic }[]
}

export interface RecordedGraphqlServer {
  httpUrl: string
  wsUrl: string
  close(): Promise<void>
}

type Fields = Record<string, unknown>
/** One recorded step: something the client sent (out) or the server answered (in). */
type Step =
  | { direction: "out"; operation: string; done: boolean }
  | { direction: "in"; operation?: string; agentId?: string | undefined; data: unknown }

const isRecord = (value: unknown): value is Fields => typeof value === "object" && value !== null

function stepsOf(recording: RecordedGraphqlSession): Step[] {
  return recording.entries.flatMap((entry): Step[] => {
    const traffic = entry.traffic
    if (entry.kind !== "wire" || traffic?.wire !== "graphql" || !isRecord(traffic.data)) return []
    const operation =
      typeof traffic.data.operation === "string" ? traffic.data.operation : undefined
    if (traffic.direction === "out")
      return [{ direction: "out", operation: operation ?? "", done: false }]
    // An answer names its operation; a subscription payload is the event itself.
    if (operation !== undefined) return [{ direction: "in", operation, data: traffic.data.data }]
    return [{ direction: "in", agentId: traffic.agentId, data: traffic.data }]
  })
}

/** `ContinueChat` (an operation's name) → `continueChat` (the recorded field). */
const fieldName = (operationName: string) =>
  operationName.charAt(0).toLowerCase() + operationName.slice(1)

async function bodyOf(request: IncomingMessage): Promise<Fields> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"))
  return isRecord(body) ? body : {}
}

export async function startRecordedGraphqlServer(
  recording: RecordedGraphqlSession,
): Promise<RecordedGraphqlServer> {
  const steps = stepsOf(recording)
  const pending = new Map<string, ServerResponse[]>()
  /** The subscription of each agent: its socket and graphql-ws id. */
  const subscriptions = new Map<string, { socket: WebSocket; id: string }>()

  /** The client sent `operation`: the next recorded send of it is done. False if none is left. */
  const sent = (operation: string): boolean => {
    const step = steps.find(
      (entry) => entry.direction === "out" && !entry.done && entry.operation === operation,
    )
    if (step?.direction !== "out") return false
    step.done = true
    release()
    return true
  }
  /** Sends every recorded answer whose turn has come, in order; stops at the first that cannot go yet. */
  const release = () => {
    while (steps.length > 0) {
      const step = steps[0] as Step
      if (step.direction === "out") {
        if (!step.done) return
      } else if (step.operation !== undefined) {
        const response = pending.get(step.operation)?.shift()
        if (!response) return
        response.writeHead(200, { "Content-Type": "application/json" })
        response.end(JSON.stringify({ data: step.data }))
      } else {
        const subscription = subscriptions.get(step.agentId ?? "")
        if (!subscription) return
        const payload = { data: { agentEvent: step.data } }
        subscription.socket.send(JSON.stringify({ id: subscription.id, type: "next", payload }))
      }
      steps.shift()
    }
  }

  const server = createServer(async (request, response) => {
    const body = await bodyOf(request)
    const operation = fieldName(String(body.operationName ?? ""))
    pending.set(operation, [...(pending.get(operation) ?? []), response])
    if (sent(operation)) return
    // Not (or no longer) in the recording: an error at once, rather than a request that hangs.
    pending.get(operation)?.pop()
    response.writeHead(200, { "Content-Type": "application/json" })
    response.end(JSON.stringify({ errors: [{ message: `${operation} is not in the recording` }] }))
  })
  const sockets = new WebSocketServer({ server, handleProtocols: () => "graphql-transport-ws" })
  sockets.on("connection", (socket) => {
    socket.on("message", (data) => {
      const message: unknown = JSON.parse(String(data))
      if (!isRecord(message)) return
      if (message.type === "connection_init")
        socket.send(JSON.stringify({ type: "connection_ack" }))
      else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }))
      else if (message.type === "subscribe" && isRecord(message.payload)) {
        const variables = isRecord(message.payload.variables) ? message.payload.variables : {}
        subscriptions.set(String(variables.agentId), { socket, id: String(message.id) })
        sent(fieldName(String(message.payload.operationName ?? "")))
      }
    })
  })
  const url = await listen(server)
  return {
    httpUrl: `${url}/graphql`,
    wsUrl: `${url.replace(/^http/, "ws")}/graphql`,
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      await new Promise<void>((resolve) => sockets.close(() => resolve()))
      await closeServer(server)
    },
  }
}

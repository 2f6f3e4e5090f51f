/**
 * The `haip` command line:
 *
 *   haip chat --url ws://localhost:8080 --token "Bearer TOKEN" --tool llm
 *   haip health --url http://localhost:8080
 *
 * `chat` opens a transaction for the tool, sends each line of standard input as a chat turn
 * and prints the agent's reply as it streams: reply text on stdout, everything else
 * (connection status, tool progress, errors) on stderr. At the end of input it waits for the
 * last reply, closes the transaction and exits.
 *
 * Exit codes: 0 done; 1 unexpected failure; 2 usage error; 3 connection failed (wrong URL,
 * server down, connection lost for good); 4 the server refused the token; 5 the server has no
 * such tool; 6 `health`: the server answered but is not healthy, or a chat turn failed.
 */
import { createInterface } from "node:readline"
import { parseArgs } from "node:util"
import { createHAIPClient } from "./client.js"
import { HAIPError } from "./errors.js"
import type { HAIPTransaction } from "./transaction.js"
import { TurnTracker } from "./turn.js"
import type { HAIPMessage, HAIPTransportKind } from "./types.js"

/** Exit codes of the CLI. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  connection: 3,
  auth: 4,
  unknownTool: 5,
  unhealthy: 6,
} as const

const usage = `Usage:
  haip chat --url <ws://host:port> --tool <name> [--token <token>] [--transport websocket|sse|http-streaming]
            [--params <json>] [--idle-ms <ms>]
  haip health --url <http://host:port>

Exit codes: 0 ok, 1 unexpected failure, 2 usage, 3 connection failed, 4 token refused,
5 unknown tool, 6 unhealthy server or a failed turn.`

class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message)
  }
}

function status(line: string): void {
  process.stderr.write(`${line}\n`)
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode
  if (error instanceof HAIPError) {
    if (error.code === "AUTHENTICATION_FAILED") return EXIT.auth
    if (error.code === "TOOL_NOT_FOUND") return EXIT.unknownTool
    if (
      [
        "CONNECTION_FAILED",
        "CONNECTION_LOST",
        "HANDSHAKE_TIMEOUT",
        "NOT_CONNECTED",
        "TIMEOUT",
      ].includes(error.code)
    )
      return EXIT.connection
  }
  return EXIT.failure
}

async function health(url: string): Promise<number> {
  const target = new URL(url)
  if (target.protocol === "ws:") target.protocol = "http:"
  if (target.protocol === "wss:") target.protocol = "https:"
  target.pathname = `${target.pathname.replace(/\/+$/, "")}/health`
  let response: Response
  try {
    response = await fetch(target, { signal: AbortSignal.timeout(10_000) })
  } catch (error) {
    throw new CliError(
      EXIT.connection,
      `Could not reach ${target.origin}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const body = await response.text()
  process.stdout.write(`${body.trim()}\n`)
  let healthy = response.ok
  try {
    healthy = healthy && (JSON.parse(body) as { status?: unknown }).status === "ok"
  } catch {
    healthy = false
  }
  if (!healthy)
    status(`The server at ${target.origin} answered HTTP ${response.status} but is not healthy.`)
  return healthy ? EXIT.ok : EXIT.unhealthy
}

/** Prints one frame of a turn: reply text to stdout, the rest to stderr. */
function show(frame: HAIPMessage): void {
  const payload =
    typeof frame.payload === "object" && frame.payload !== null
      ? (frame.payload as Record<string, unknown>)
      : {}
  switch (frame.type) {
    case "MESSAGE":
      if (frame.channel !== "AGENT") return
      if (typeof frame.payload === "string") process.stdout.write(`${frame.payload}\n`)
      else if (payload.type === "card") {
        const card = (payload.card ?? {}) as { title?: unknown; type?: unknown }
        process.stdout.write(
          `[card${typeof card.type === "string" ? ` ${card.type}` : ""}] ${typeof card.title === "string" ? card.title : ""}\n`,
        )
      } else process.stdout.write(`${JSON.stringify(frame.payload)}\n`)
      return
    case "MESSAGE_START":
      if (typeof payload.text === "string") process.stdout.write(payload.text)
      return
    case "MESSAGE_PART":
      process.stdout.write(String(payload.text ?? ""))
      return
    case "MESSAGE_END":
      process.stdout.write(`${typeof payload.text === "string" ? payload.text : ""}\n`)
      return
    case "TOOL_CALL":
      status(`[tool ${String(payload.tool)} called]`)
      return
    case "TOOL_UPDATE":
      status(
        `[tool ${String(payload.call_id)}: ${String(payload.status)}${typeof payload.progress === "number" ? ` ${payload.progress}%` : ""}]`,
      )
      return
    case "TOOL_DONE":
      status(`[tool ${String(payload.call_id)} done: ${String(payload.status)}]`)
      return
    case "ERROR":
    case "RUN_ERROR":
      status(`Error ${String(payload.code)}: ${String(payload.message ?? "")}`)
      return
    default:
      return
  }
}

function ask(
  transaction: HAIPTransaction,
  text: string,
  runEvents: boolean,
  idleMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const tracker = new TurnTracker({
      runEvents,
      idleMs,
      onEnd: (end) => {
        stop()
        if (end.status === "error")
          status(`The turn failed${end.error ? `: ${end.error.code} ${end.error.message}` : "."}`)
        resolve(end.status === "ok")
      },
    })
    const stopMessages = transaction.on("message", (frame) => {
      show(frame)
      tracker.observe(frame)
    })
    const stopClose = transaction.on("close", (reason) =>
      tracker.end({ status: "error", error: { code: "TRANSACTION_CLOSED", message: reason } }),
    )
    const stop = () => {
      stopMessages()
      stopClose()
    }
    transaction
      .sendTextMessage(text)
      .catch((error: unknown) =>
        tracker.end({ status: "error", error: { code: "SEND_FAILED", message: String(error) } }),
      )
  })
}

async function chat(values: Record<string, string | undefined>): Promise<number> {
  const { url, tool } = values
  if (!url || !tool) throw new CliError(EXIT.usage, `haip chat needs --url and --tool.\n\n${usage}`)
  const transport = (values.transport ?? "websocket") as HAIPTransportKind
  if (!["websocket", "sse", "http-streaming"].includes(transport))
    throw new CliError(EXIT.usage, `Unknown --transport ${transport}.\n\n${usage}`)
  let params: Record<string, unknown> = {}
  if (values.params) {
    try {
      params = JSON.parse(values.params) as Record<string, unknown>
    } catch {
      throw new CliError(EXIT.usage, "--params is not valid JSON.")
    }
  }
  const idleMs = values["idle-ms"] === undefined ? 250 : Number(values["idle-ms"])
  const client = createHAIPClient({
    url,
    transport,
    maxReconnectAttempts: 3,
    ...(values.token === undefined ? {} : { token: values.token }),
  })
  let fatal: HAIPError | undefined
  client.on("error", (error) => {
    if (
      error.code === "AUTHENTICATION_FAILED" ||
      (error.code === "CONNECTION_FAILED" && client.phase === "closed")
    )
      fatal = error
  })
  client.on("reconnecting", ({ attempt }) =>
    status(`Connection lost; reconnecting (attempt ${attempt})...`),
  )
  await client.connect()
  status(`Connected to ${url} (session ${client.sessionId}).`)
  const transaction = await client.startTransaction(tool, params)
  status(`Talking to "${tool}". Type a message and press Enter; end input (Ctrl-D) to quit.`)
  const lines = createInterface({ input: process.stdin, terminal: false })
  let failedTurns = 0
  for await (const line of lines) {
    if (fatal) break
    const text = line.trim()
    if (text === "") continue
    const ok = await ask(transaction, text, client.serverInfo?.runEvents ?? false, idleMs)
    if (!ok) failedTurns++
  }
  if (fatal) throw fatal
  await transaction.close()
  await client.disconnect()
  return failedTurns > 0 ? EXIT.unhealthy : EXIT.ok
}

/** Runs the CLI with `args` and resolves with its exit code. */
export async function main(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        tool: { type: "string" },
        transport: { type: "string" },
        params: { type: "string" },
        "idle-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    })
  } catch (error) {
    status(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`)
    return EXIT.usage
  }
  const [command] = parsed.positionals
  const values = parsed.values as Record<string, string | undefined>
  if (parsed.values.help || command === "help") {
    process.stdout.write(`${usage}\n`)
    return EXIT.ok
  }
  try {
    if (command === "chat") return await chat(values)
    if (command === "health") {
      if (!values.url) throw new CliError(EXIT.usage, `haip health needs --url.\n\n${usage}`)
      return await health(values.url)
    }
    throw new CliError(EXIT.usage, command ? `Unknown command "${command}".\n\n${usage}` : usage)
  } catch (error) {
    status(error instanceof Error ? error.message : String(error))
    return exitCodeFor(error)
  }
}

const code = await main(process.argv.slice(2))
process.stdout.write("", () => process.exit(code))

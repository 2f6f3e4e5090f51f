/**
 * The demo Haira server's chat sessions and their runs. A run goes on in the background and
 * records every frame, so a client that lost its stream and comes back with `Last-Event-ID`
 * is sent the rest; a run nobody follows any more is stopped after `resumeWindowMs`.
 */
import { randomUUID } from "node:crypto"
import type { SessionStore as SharedStore } from "@aichatkit/haip-server"
import { ItemAccumulator, type MessageFile, type ScriptedAgent } from "@aichatkit/testing"
import { type FileLink, userAttachments } from "./graphql/files.js"
import {
  encodeHairaFrames,
  formatHairaFrame,
  type HairaFrame,
  hairaAnswer,
  hairaQuestion,
} from "./sse-haira.js"
import { type Session, type SessionLimits, SessionStore } from "./sse-sessions.js"
import { mirrorRun } from "./sse-shared-runs.js"

export type { Session } from "./sse-sessions.js"

/** A user's message on the Haira wire: its text, and the files that came with it. */
export interface UserMessage {
  text: string
  /** What the agent is told of the files. */
  files: readonly MessageFile[]
  /** The files that came as links: the stored chat keeps them with the user's message. */
  links: readonly FileLink[]
}

/** One turn of the agent, frame by frame. */
export interface Run {
  id: string
  /** Every frame sent so far, as SSE text; frame `n` has the id `${run.id}:${n}`. */
  frames: string[]
  finished: boolean
  /** Called with each new frame, and with `undefined` once the run finished. */
  listeners: Set<(frame: string | undefined) => void>
  controller: AbortController
  idleTimer?: NodeJS.Timeout
}

export interface RunRegistry {
  sessions: SessionStore
  /** The session with this id, created on first use. */
  session(id: string): Session
  deleteSession(id: string): void
  /** Starts the agent's answer to `message`; a run still going in the session is stopped. */
  startRun(chat: Session, message: UserMessage): Run
  /** The run a `Last-Event-ID` points into and the first frame not yet seen, if it exists. */
  findResume(sessionId: string, lastEventId: string): { run: Run; from: number } | undefined
  /**
   * Sends a run's frames from `from` on, then each new one, then `onEnd`. Returns `leave`:
   * when the last follower leaves an unfinished run, it stops after the resume window.
   */
  follow(run: Run, from: number, onFrame: (frame: string) => void, onEnd: () => void): () => void
  /** Resolves when the run finished. */
  finished(run: Run): Promise<void>
  /** Stops every run. */
  close(): void
}

export function createRunRegistry(
  agent: ScriptedAgent,
  resumeWindowMs: number,
  limits: SessionLimits,
  /** A shared store (Redis): runs resume from any instance. */
  shared?: SharedStore,
): RunRegistry {
  const sessions = new SessionStore(limits, (evicted) => {
    clearTimeout(evicted.run?.idleTimer)
    evicted.run?.controller.abort()
  })

  const startRun = (chat: Session, message: UserMessage): Run => {
    if (chat.run && !chat.run.finished) chat.run.controller.abort() // one turn at a time
    const run: Run = {
      id: randomUUID(),
      frames: [],
      finished: false,
      listeners: new Set(),
      controller: new AbortController(),
    }
    chat.run = run
    const timestamp = new Date().toISOString()
    const userId = `${run.id}-user`
    const attachments = userAttachments(userId, message.links)
    chat.messages.push(hairaQuestion(message.text, attachments, timestamp))
    chat.items.push({
      id: userId,
      type: "message",
      role: "user",
      content: message.text,
      timestamp,
      ...(attachments.length > 0 ? { attachments } : {}),
    })
    sessions.trim(chat)
    const tools = new Map<string, string>()
    const items = new ItemAccumulator()
    const mirror = mirrorRun(shared, chat.id, run.id, resumeWindowMs)
    const send = (frame: HairaFrame) => {
      const text = formatHairaFrame(`${run.id}:${run.frames.length}`, frame)
      mirror.frame(run.frames.length, text)
      run.frames.push(text)
      for (const listener of run.listeners) listener(text)
    }
    void (async () => {
      try {
        for await (const event of agent.respond({
          agentId: chat.id,
          message: message.text,
          files: message.files,
          runId: run.id,
          signal: run.controller.signal,
        })) {
          items.apply(event)
          for (const frame of encodeHairaFrames(event, tools)) send(frame)
        }
      } catch (error) {
        // A bug in the agent must still end the stream, the way Haira reports a failed run.
        console.error("demo-server: the SSE run failed", error)
        send({
          event: "error",
          data: JSON.stringify({ error: "The demo agent failed; see the server log." }),
        })
        send({ event: "done", data: "[DONE]" })
      }
      run.finished = true
      mirror.end(run.frames.length)
      clearTimeout(run.idleTimer)
      const answer = items.items()
      chat.updatedAt = new Date().toISOString()
      chat.messages.push(hairaAnswer(answer, chat.updatedAt))
      chat.items.push(...answer)
      sessions.trim(chat)
      for (const listener of run.listeners) listener(undefined)
    })()
    return run
  }

  const follow: RunRegistry["follow"] = (run, from, onFrame, onEnd) => {
    clearTimeout(run.idleTimer)
    for (const frame of run.frames.slice(from)) onFrame(frame)
    if (run.finished) {
      onEnd()
      return () => {}
    }
    const listener = (frame: string | undefined) => {
      if (frame === undefined) onEnd()
      else onFrame(frame)
    }
    run.listeners.add(listener)
    return () => {
      run.listeners.delete(listener)
      // Nobody came back for the rest: stop the agent, as Haira stops when its client leaves.
      if (!run.finished && run.listeners.size === 0) {
        run.idleTimer = setTimeout(() => run.controller.abort(), resumeWindowMs)
      }
    }
  }

  return {
    sessions,
    session(id) {
      return sessions.ensure(id)
    },
    deleteSession(id) {
      sessions.delete(id)
    },
    startRun,
    findResume(sessionId, lastEventId) {
      const [runId, seq] = lastEventId.split(":")
      const run = sessions.get(sessionId)?.run
      if (!run || run.id !== runId || !/^\d+$/.test(seq ?? "")) return undefined
      return { run, from: Number(seq) + 1 }
    },
    follow,
    finished(run) {
      return new Promise<void>((resolve) => {
        if (run.finished) resolve()
        else run.listeners.add((frame) => frame === undefined && resolve())
      })
    },
    close() {
      for (const chat of sessions.values()) {
        clearTimeout(chat.run?.idleTimer)
        chat.run?.controller.abort()
      }
    },
  }
}

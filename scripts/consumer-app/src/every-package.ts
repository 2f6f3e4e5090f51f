// Every entry point of every package, so the type check covers each one's declarations
// (skipLibCheck is off) and their own dependencies' declarations.
import { ApolloAdapter } from "@aichatkit/apollo-adapter"
import { HAIPAdapter } from "@aichatkit/haip-adapter"
import { createHAIPClient } from "@aichatkit/haip-client"
import { HAIPServer, HAIPTool } from "@aichatkit/haip-server"
import { startTestServer } from "@aichatkit/haip-server/testing"
import { NetworkAdapter, SEED_CAPABILITIES } from "@aichatkit/network-adapter"
import { checkEventOrder, foldEvents } from "@aichatkit/network-adapter/testing"
import { SSEAdapter } from "@aichatkit/sse-adapter"
import { createChatStore, reduceChat } from "@aichatkit/store"
import { chatPersistence } from "@aichatkit/store/persist"
import { createItems, MemoryAdapter } from "@aichatkit/testing"
import { ChatError, type ChatEvent, isChatResponseItem } from "@aichatkit/types"
import { ChatInterface, ChatProvider, ChatView, useChat } from "@aichatkit/ui"

export const everyExport: readonly unknown[] = [
  ApolloAdapter,
  HAIPAdapter,
  createHAIPClient,
  HAIPServer,
  HAIPTool,
  startTestServer,
  NetworkAdapter,
  SEED_CAPABILITIES,
  checkEventOrder,
  foldEvents,
  SSEAdapter,
  createChatStore,
  reduceChat,
  createChatStore({ persist: chatPersistence({ name: "consumer-app" }) }),
  createItems,
  MemoryAdapter,
  ChatError,
  isChatResponseItem,
  ChatInterface,
  ChatProvider,
  ChatView,
  useChat,
]

export const adapters: NetworkAdapter[] = [
  new SSEAdapter({ url: "/chat", dialect: "haira" }),
  new ApolloAdapter({ apiUrl: "http://localhost:8686/graphql" }),
  new MemoryAdapter(),
]

export function kinds(events: ChatEvent[]): string[] {
  return events.map((event) => event.type)
}

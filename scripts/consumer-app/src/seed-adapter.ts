// Hypermode ChatKit's README example for @aichatkit/network-adapter, verbatim except for the
// two edits a strict project needs (the root README names them): `import type` for the item
// types (verbatimModuleSyntax) and `override` on getConversationHistory (noImplicitOverride).
import { NetworkAdapter } from "@aichatkit/network-adapter"
import type { ChatResponse, ChatResponseItem, Message } from "@aichatkit/types"

// Example: Create a custom adapter implementation
export class CustomNetworkAdapter extends NetworkAdapter {
  async startChatAgent(): Promise<string> {
    // Create a new chat agent/session and return its ID
    const response = await fetch("https://your-api.com/agents", {
      method: "POST",
    })
    const data = await response.json()
    return data.agentId
  }

  async sendMessage(agentId: string, message: string): Promise<ChatResponse> {
    // Send message to a specific agent and get rich response
    const response = await fetch(`https://your-api.com/agents/${agentId}/messages`, {
      method: "POST",
      body: JSON.stringify({ message }),
      headers: { "Content-Type": "application/json" },
    })
    const data = await response.json()
    return {
      items: data.items, // Array of messages, tool calls, cards, etc.
      conversationId: data.conversationId,
    }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    // Retrieve all conversation items from the agent
    const response = await fetch(`https://your-api.com/agents/${agentId}/items`)
    const data = await response.json()
    return data.items // Mixed array of messages, tool calls, cards, etc.
  }

  override async getConversationHistory(agentId: string): Promise<Message[]> {
    // Get only message items (convenience method)
    const items = await this.getConversationItems(agentId)
    // Filter and convert to messages
    return items
      .filter((item) => item.type === "message")
      .map((item) => ({
        id: item.id,
        content: item.content,
        role: item.role,
        timestamp: item.timestamp,
      }))
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    // Clear the agent's conversation history
    await fetch(`https://your-api.com/agents/${agentId}/history`, {
      method: "DELETE",
    })
  }

  async stopChatAgent(agentId: string): Promise<void> {
    // Stop/terminate the chat agent
    await fetch(`https://your-api.com/agents/${agentId}`, {
      method: "DELETE",
    })
  }
}

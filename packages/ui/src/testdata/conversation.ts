/**
 * What the stories' conversations say: exchanges a person could have had with an assistant,
 * so a story reads like a real chat. Stories only.
 */
import type { ChatResponseItem } from "@aichatkit/types"

/** One question and its answer (markdown). */
interface Exchange {
  question: string
  answer: string
}

const exchanges: readonly Exchange[] = [
  {
    question: "Can you help me plan a weekend in Oslo? I arrive Friday evening.",
    answer:
      "Gladly. Friday evening, walk along **Aker Brygge** to the Opera House and go up its roof for the sunset. Saturday:\n\n- the Viking Ship Museum's new hall on Bygdøy\n- lunch at Mathallen\n- the Munch Museum in the afternoon\n\nKeep Sunday for a ferry to the islands if the weather holds.",
  },
  {
    question: "What will the weather be like?",
    answer:
      "Early spring in Oslo is changeable: expect 3–9 °C, with rain on one of the two days. Pack a waterproof jacket and shoes that cope with wet cobblestones; the museums make a good plan B.",
  },
  {
    question: "Is the Oslo Pass worth it for two days?",
    answer:
      "Probably yes. The 48-hour pass covers public transport, the Bygdøy ferry in season and most museums, including the Munch Museum. If you visit **three or more museums** it pays for itself; if you mostly walk and eat, buy single tickets instead.",
  },
  {
    question: "How do I read a CSV file in Python and skip the header row?",
    answer:
      'Use the `csv` module and call `next()` on the reader once:\n\n```python\nimport csv\n\nwith open("sales.csv", newline="") as file:\n    reader = csv.reader(file)\n    next(reader)  # skip the header\n    for row in reader:\n        print(row)\n```\n\nIf you want the columns by name, `csv.DictReader` reads the header for you.',
  },
  {
    question: "And if the file is large, say 2 GB?",
    answer:
      "The code above already streams: the reader yields one row at a time, so memory stays flat. What gets slow is the work per row. For aggregations, `pandas.read_csv(..., chunksize=100_000)` processes it in chunks and is much faster than a Python loop.",
  },
  {
    question: "Can you draft a short reply declining the meeting on Thursday?",
    answer:
      "Here is a draft:\n\n> Hi Maria, thank you for the invitation. I can't make Thursday at 14:00, as I'm presenting at the partner review. Could we move it to Friday morning? Otherwise I'm happy to read the notes and send my comments by Thursday evening.\n\nShall I make it more formal or shorter?",
  },
  {
    question: "Shorter, please.",
    answer:
      "> Hi Maria, I can't make Thursday at 14:00. Could we do Friday morning instead? If not, I'll send my comments on the notes by Thursday evening.",
  },
  {
    question: "What's the difference between `let` and `const` in JavaScript?",
    answer:
      "Both are block-scoped. `const` cannot be **reassigned**, `let` can:\n\n```js\nconst limit = 10\nlimit = 20 // TypeError\n\nlet count = 0\ncount += 1 // fine\n```\n\nNote that `const` does not freeze an object: its properties can still change. Use `const` by default and `let` when the variable really changes.",
  },
  {
    question: "Give me three ideas for a vegetarian dinner that takes under 30 minutes.",
    answer:
      "1. **Chickpea curry** with spinach and coconut milk, served with rice.\n2. **Pasta with roasted cherry tomatoes**, garlic and basil, topped with ricotta.\n3. **Halloumi tacos** with a quick cabbage slaw and lime yoghurt.\n\nThe curry keeps well, so make a double portion for lunch tomorrow.",
  },
  {
    question: "Which one is quickest?",
    answer:
      "The tacos: about 15 minutes. Fry the halloumi slices while you shred the cabbage, and the slaw is ready when the cheese is golden.",
  },
  {
    question: "Summarise the main points of our discussion about the release.",
    answer:
      "- The release moves to **Tuesday** so the migration can be tested on staging first.\n- Ana owns the rollback plan; Jonas updates the changelog.\n- The feature flag for the new editor stays off until the support team has been briefed.",
  },
  {
    question: "Thanks, that's everything for now.",
    answer: "You're welcome. Enjoy Oslo, and good luck with the release on Tuesday!",
  },
]

/** Options of {@link createConversation}. */
export interface ConversationOptions {
  /** Prefix of the item ids (`${idPrefix}-${index}`). */
  idPrefix?: string
  /** Time of the first message; each next one is a minute later. */
  startTime?: string
  /** The exchange to start from (0: the trip to Oslo, 3: Python, 8: dinner ideas). */
  startAt?: number
}

/**
 * `count` messages alternating user and assistant, taken in order from the exchanges above
 * (and from the start again for long threads). Ids are `${idPrefix}-0`, `${idPrefix}-1`, ….
 */
export function createConversation(
  count: number,
  {
    idPrefix = "message",
    startTime = "2026-03-13T17:30:00Z",
    startAt = 0,
  }: ConversationOptions = {},
): ChatResponseItem[] {
  const start = Date.parse(startTime)
  return Array.from({ length: count }, (_, index) => {
    const exchange = exchanges[(startAt + Math.floor(index / 2)) % exchanges.length]!
    const fromUser = index % 2 === 0
    return {
      id: `${idPrefix}-${index}`,
      type: "message",
      role: fromUser ? "user" : "assistant",
      content: fromUser ? exchange.question : exchange.answer,
      timestamp: new Date(start + index * 60_000).toISOString(),
    }
  })
}

// The Redis session store, a subpath of its own so that servers without Redis never load its
// client: `import { redisStore } from "@aichatkit/haip-server/redis"`.
export { type RedisStoreOptions, redisStore } from "./redis-store.js"

/**
 * What the session engines use of a Redis client: an ioredis `Redis` (or
 * `Cluster`-free equivalent) fits. Declared here so the library's types do
 * not need ioredis installed when no Redis engine is used.
 * @publicApi
 */
export interface SessionRedisClient {
  readonly status: string;
  hmget(key: string, ...fields: string[]): Promise<Array<string | null>>;
  evalsha(sha: string, numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
}

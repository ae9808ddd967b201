/**
 * What the session engines use of a Redis client; an ioredis `Redis` fits
 * (not a `Cluster`: the engines' scripts touch several keys). Declared here
 * so the library's types do not need ioredis when no Redis engine is used.
 * @publicApi
 */
export interface SessionRedisClient {
  readonly status: string;
  hmget(key: string, ...fields: string[]): Promise<Array<string | null>>;
  evalsha(sha: string, numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  quit(): Promise<unknown>;
  disconnect(): void;
}

import type DataLoader from 'dataloader';
import type { Method } from '../domain.js';
import { createMethodsByUserLoader } from './methods-by-user.js';
import type { Metrics } from '../observability/metrics.js';

export interface Loaders {
  methodsByUser: DataLoader<string, Method[]>;
  /** The user's methods as this request last read them, without reading (undefined: not read). */
  readInThisRequest(userId: string): Method[] | undefined;
}

/** One set per request: sharing loaders across requests would leak one caller's data to another. */
export function createLoaders(readMethods: (userId: string) => Promise<Method[]>, metrics: Metrics, maxUsers: number): Loaders {
  const read = new Map<string, Method[]>();
  return {
    methodsByUser: createMethodsByUserLoader(
      readMethods,
      (size) => metrics.loaderBatchSize.observe(size),
      maxUsers,
      (userId, methods) => read.set(userId, methods),
    ),
    readInThisRequest: (userId) => read.get(userId),
  };
}

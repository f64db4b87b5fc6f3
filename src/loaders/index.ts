import type DataLoader from 'dataloader';
import type { Method } from '../domain.js';
import type { MethodsApi } from '../upstream/methods-api.js';
import { createMethodsByUserLoader } from './methods-by-user.js';
import type { Metrics } from '../observability/metrics.js';

export interface Loaders {
  methodsByUser: DataLoader<string, Method[]>;
}

/** One set per request: sharing loaders across requests would leak one caller's data to another. */
export function createLoaders(api: MethodsApi, metrics: Metrics): Loaders {
  return { methodsByUser: createMethodsByUserLoader(api, (size) => metrics.loaderBatchSize.observe(size)) };
}

import type { Plugin } from 'graphql-yoga';

export interface Lifecycle {
  /** Set on SIGTERM: the process finishes what it has and takes nothing new. */
  draining: boolean;
}

/** While draining, every answer says `Connection: close`, so clients on kept-alive connections move to another instance. */
export function useDraining(lifecycle: Lifecycle): Plugin {
  return {
    onResponse({ response }) {
      if (lifecycle.draining) response.headers.set('connection', 'close');
    },
  };
}

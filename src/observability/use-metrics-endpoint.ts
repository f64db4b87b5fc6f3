import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';

/** /metrics: the gateway's Prometheus registry as text. */
export function useMetricsEndpoint(metrics: Metrics): Plugin {
  return {
    // Not async: a hook's promise would cost every request, not only the scrapes.
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') return;
      return metrics.registry.metrics().then((text) => {
        endResponse(new fetchAPI.Response(text, { headers: { 'content-type': metrics.registry.contentType } }));
      });
    },
  };
}

import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';

/** /metrics: the gateway's Prometheus registry as text. */
export function useMetricsEndpoint(metrics: Metrics): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') return;
      const text = await metrics.registry.metrics();
      endResponse(new fetchAPI.Response(text, { headers: { 'content-type': metrics.registry.contentType } }));
    },
  };
}

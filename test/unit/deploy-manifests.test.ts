import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret, type ISecret } from 'kubernetes-models/v1/Secret';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';

const folder = new URL('../../deploy/', import.meta.url);
const documents = readdirSync(folder)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => parseAllDocuments(readFileSync(new URL(file, folder), 'utf8')).map((document) => document.toJS() as { kind: string }));

/** Each manifest as the Kubernetes model of its kind, validated against Kubernetes' own schema. */
const MODELS = {
  Deployment: (value: unknown) => new Deployment(value as IDeployment),
  Service: (value: unknown) => new Service(value as IService),
  PodDisruptionBudget: (value: unknown) => new PodDisruptionBudget(value as IPodDisruptionBudget),
  Secret: (value: unknown) => new Secret(value as ISecret),
} as const;
const one = <K extends keyof typeof MODELS>(kind: K) =>
  documents.find((document) => document.kind === kind) as never as ReturnType<(typeof MODELS)[K]>;

describe('the Kubernetes manifests (deploy/)', () => {
  it('are valid against the Kubernetes schemas, one of each kind', () => {
    expect(documents.map((document) => document.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Secret', 'Service']);
    for (const document of documents) {
      const model = MODELS[document.kind as keyof typeof MODELS](document);
      expect(() => model.validate(), document.kind).not.toThrow();
    }
  });

  it('run 3 replicas with probes on /readyz and /healthz, limits, a non-root user, and time to drain', () => {
    const deployment = one('Deployment');
    const pod = deployment.spec!.template.spec!;
    const container = pod.containers[0]!;
    expect(deployment.spec!.replicas).toBe(3);
    expect(container.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    expect(container.resources?.requests).toBeDefined();
    expect(container.resources?.limits).toBeDefined();
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    // The image's CMD runs node directly: no command here to lose its flags or put a shell in front.
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
    const { upstream } = loadConfig({});
    const drainSeconds = (upstream.maxWaitMs + upstream.timeoutMs) / 1000 + 1;
    const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + drainSeconds);
  });

  it('name only variables the gateway reads, and take every secret from the Secret', () => {
    const container = one('Deployment').spec!.template.spec!.containers[0]!;
    const secret = one('Secret');
    for (const variable of container.env ?? []) {
      expect([...CONFIG_VARIABLES, 'OTEL_SERVICE_NAME'], variable.name).toContain(variable.name);
      const reference = variable.valueFrom?.secretKeyRef;
      if (reference) {
        expect(reference.name).toBe(secret.metadata!.name);
        expect(Object.keys(secret.stringData ?? {})).toContain(reference.key);
      }
    }
    const fromSecret = (container.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef).map((variable) => variable.name);
    expect(fromSecret.sort()).toEqual(['AUTH0_CLIENT_SECRET', 'LOG_STREAM_TOKEN', 'REDIS_URL']);
  });

  it('select the Deployment’s pods from the Service and the PodDisruptionBudget', () => {
    const labels = one('Deployment').spec!.template.metadata!.labels!;
    expect(labels).toMatchObject(one('Service').spec!.selector!);
    expect(labels).toMatchObject(one('PodDisruptionBudget').spec!.selector!.matchLabels!);
    expect(one('PodDisruptionBudget').spec!.minAvailable).toBeLessThan(one('Deployment').spec!.replicas!);
  });
});

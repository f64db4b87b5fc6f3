import { builder } from '../builder.js';
import { PERMISSIONS } from '../auth/caller.js';
import { checkId } from '../validation/ids.js';
import type { FieldError } from '../validation/field-error.js';
import { validationGraphQLError } from '../validation/field-error.js';
import { ValidationError } from '../validation/validation-error.js';
import { RESET_OUTCOMES, type JobView, type ResetOutcome, type ResetResult } from '../jobs/job-records.js';
import { JobRecordsLostError, MAX_UNFINISHED, TooManyJobsError } from '../jobs/job-store.js';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import { AuthenticationMethod, AuthenticationMethodType } from './methods/authentication-method.js';

const MAX_USERS = 10_000;
const MAX_REASON = 500;
const MAX_PAGE = 1_000;

/** Starting, cancelling and reading jobs: the delete permission, never self-service. */
const JOB_SCOPES = { permission: PERMISSIONS.delete } as const;

const MfaResetJobState = builder.enumType('MfaResetJobState', { values: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const });
const MfaResetOutcome = builder.enumType('MfaResetOutcome', { values: RESET_OUTCOMES as ResetOutcome[] });

const MfaResetCount = builder.objectRef<{ outcome: ResetOutcome; count: number }>('MfaResetCount').implement({
  fields: (t) => ({
    outcome: t.field({ type: MfaResetOutcome, resolve: (c) => c.outcome }),
    count: t.exposeInt('count'),
  }),
});

const MfaResetResult = builder.objectRef<ResetResult>('MfaResetResult').implement({
  description: 'What the job did, or would do, for one user.',
  fields: (t) => ({
    userId: t.exposeID('userId'),
    outcome: t.field({ type: MfaResetOutcome, resolve: (r) => r.outcome }),
    removed: t.field({ type: [AuthenticationMethod], description: 'The methods removed (or that would be, in a dry run).', resolve: (r) => r.removed }),
    error: t.exposeString('error', { nullable: true, description: 'Why the user FAILED.' }),
  }),
});

const MfaResetResultEdge = builder.objectRef<{ cursor: string; node: ResetResult }>('MfaResetResultEdge').implement({
  fields: (t) => ({ cursor: t.exposeString('cursor'), node: t.field({ type: MfaResetResult, resolve: (e) => e.node }) }),
});

const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({ hasNextPage: t.exposeBoolean('hasNextPage'), endCursor: t.exposeString('endCursor', { nullable: true }) }),
});

const MfaResetResultConnection = builder
  .objectRef<{ edges: Array<{ cursor: string; node: ResetResult }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>(
    'MfaResetResultConnection',
  )
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [MfaResetResultEdge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
    }),
  });

const MfaResetJob = builder.objectRef<JobView>('MfaResetJob').implement({
  description: 'A bulk MFA reset, running in the background.',
  fields: (t) => ({
    id: t.id({ resolve: (job) => job.meta.id }),
    state: t.field({ type: MfaResetJobState, resolve: (job) => job.progress.state }),
    dryRun: t.boolean({ resolve: (job) => job.meta.dryRun }),
    reason: t.string({ resolve: (job) => job.meta.reason }),
    total: t.int({ description: 'Distinct users.', resolve: (job) => job.meta.total }),
    processed: t.int({ resolve: (job) => job.progress.next }),
    cancelRequested: t.boolean({
      description: 'A cancel was recorded: no call of the job starts after it; a call under way finishes and its user is reported.',
      resolve: (job) => job.progress.cancelRequested,
    }),
    error: t.string({
      nullable: true,
      description: 'Why the job FAILED (its records were lost from the job store); the audit log says what was done.',
      resolve: (job) => job.progress.error,
    }),
    counts: t.field({
      type: [MfaResetCount],
      description: 'Users per outcome so far (outcomes with none are left out).',
      resolve: (job) =>
        RESET_OUTCOMES.map((outcome) => ({ outcome, count: job.progress.counts[outcome] ?? 0 })).filter((c) => c.count > 0),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (job) => new Date(job.meta.createdAt) }),
    finishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (job) => (job.progress.finishedAt === null ? null : new Date(job.progress.finishedAt)),
    }),
    results: t.field({
      type: MfaResetResultConnection,
      description: 'The users processed so far, in order, a page at a time.',
      args: { first: t.arg.int({ defaultValue: 100 }), after: t.arg.string({ required: false }) },
      resolve: (job, args, context) => page(job, args.first ?? 100, args.after ?? null, context),
    }),
  }),
});

async function page(job: JobView, first: number, after: string | null, context: Context) {
  const processed = job.progress.next;
  const errors: FieldError[] = [];
  if (first < 0 || first > MAX_PAGE) errors.push({ path: ['first'], message: `must be between 0 and ${MAX_PAGE}` });
  const start = after === null ? 0 : Number(after) + 1;
  if (after !== null && (!/^\d+$/.test(after) || start > processed)) errors.push({ path: ['after'], message: 'is not a cursor of this job' });
  if (errors.length > 0) throw validationGraphQLError(errors);
  const results = await context.jobs.results(job, start, first).catch((error: unknown) => {
    // Not a failure to try again: the results are gone.
    if (error instanceof JobRecordsLostError) throw new GraphQLError(error.message, { extensions: { code: 'JOB_RECORDS_LOST' } });
    throw error;
  });
  const edges = results.map((node, i) => ({ cursor: String(start + i), node }));
  return { edges, pageInfo: { hasNextPage: start + first < processed, endCursor: edges.at(-1)?.cursor ?? null } };
}

const StartMfaResetInput = builder.inputType('StartMfaResetInput', {
  fields: (t) => ({
    userIds: t.idList({ required: true, description: '1 to 10,000 users; duplicates are counted once.' }),
    types: t.field({ type: [AuthenticationMethodType], required: false, description: 'Omitted: every method (one DELETE-all per user).' }),
    dryRun: t.boolean({ defaultValue: false, description: 'Read and report what would be removed; change nothing.' }),
    reason: t.string({ required: true, description: 'Recorded in every audit event.' }),
  }),
});

const StartMfaResetSuccess = builder.objectRef<{ job: JobView }>('StartMfaResetSuccess').implement({
  fields: (t) => ({ job: t.field({ type: MfaResetJob, resolve: (s) => s.job }) }),
});

builder.mutationField('startMfaReset', (t) =>
  t.field({
    type: StartMfaResetSuccess,
    description: "Start a bulk reset of users' MFA methods (or a dry run). Needs delete:authentication_methods.",
    args: { input: t.arg({ type: StartMfaResetInput, required: true }) },
    errors: { types: [ValidationError] },
    authScopes: JOB_SCOPES,
    resolve: async (_root, { input }, context) => {
      const userIds = input.userIds.map(String);
      const errors: FieldError[] = [];
      const distinct = new Set(userIds).size;
      if (distinct === 0 || distinct > MAX_USERS) errors.push({ path: ['input', 'userIds'], message: `must hold 1 to ${MAX_USERS} distinct ids` });
      else for (const [i, id] of userIds.entries()) errors.push(...checkId(id, ['input', 'userIds', String(i)]));
      const reason = input.reason.trim();
      if (reason.length === 0) errors.push({ path: ['input', 'reason'], message: 'must not be blank' });
      else if (reason.length > MAX_REASON) errors.push({ path: ['input', 'reason'], message: `must be at most ${MAX_REASON} characters` });
      if (errors.length > 0) throw new ValidationError(errors.slice(0, 20));
      try {
        const job = await context.jobs.start({
          userIds,
          types: (input.types) ?? null,
          dryRun: input.dryRun ?? false,
          reason,
          actor: { sub: context.auth.caller?.sub ?? null, clientId: context.auth.caller?.clientId ?? null },
        });
        return { job };
      } catch (error) {
        if (error instanceof TooManyJobsError) {
          throw new ValidationError([{ path: ['input'], message: `cannot start while ${MAX_UNFINISHED} jobs are running; wait for one to finish` }]);
        }
        throw error;
      }
    },
  }),
);

const CancelMfaResetInput = builder.inputType('CancelMfaResetInput', { fields: (t) => ({ jobId: t.id({ required: true }) }) });
const CancelMfaResetSuccess = builder.objectRef<{ job: JobView }>('CancelMfaResetSuccess').implement({
  fields: (t) => ({ job: t.field({ type: MfaResetJob, resolve: (s) => s.job }) }),
});

builder.mutationField('cancelMfaReset', (t) =>
  t.field({
    type: CancelMfaResetSuccess,
    description: 'Stop a bulk reset: no new call is made; the users not reached are SKIPPED.',
    args: { input: t.arg({ type: CancelMfaResetInput, required: true }) },
    errors: { types: [ValidationError] },
    authScopes: JOB_SCOPES,
    resolve: async (_root, { input }, context) => {
      const job = await context.jobs.cancel(String(input.jobId));
      if (!job) throw new ValidationError([{ path: ['input', 'jobId'], message: 'is not a known job' }]);
      return { job };
    },
  }),
);

builder.queryField('mfaResetJob', (t) =>
  t.field({
    type: MfaResetJob,
    nullable: true,
    description: 'A bulk reset by id; null when unknown. Needs delete:authentication_methods.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: JOB_SCOPES,
    resolve: (_root, args, context) => context.jobs.get(String(args.id)),
  }),
);

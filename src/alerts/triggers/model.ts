import { t } from 'elysia';

// Every object refuses fields it does not name: a typo ("atleast") must be a 400, not a rule that
// silently matches everything.
const strict = { additionalProperties: false } as const;

const Country = t.String({ pattern: '^[A-Z]{2}$' });
const NetworkClass = t.Union([
  t.Literal('business'),
  t.Literal('education'),
  t.Literal('government'),
  t.Literal('isp'),
  t.Literal('mobile'),
  t.Literal('hosting'),
  t.Literal('unknown'),
]);
const Status = t.Union([
  t.Literal('new'),
  t.Literal('qualified'),
  t.Literal('customer'),
  t.Literal('ignored'),
]);
const Text = (max: number) => t.String({ minLength: 1, maxLength: max });
const Count = (max: number) => t.Integer({ minimum: 1, maximum: max });

/** One test on the company or on its behaviour. Field names say the comparison. */
export const Condition = t.Union([
  // The company
  t.Object(
    { type: t.Literal('country'), in: t.Array(Country, { minItems: 1, maxItems: 250 }) },
    strict,
  ),
  t.Object(
    { type: t.Literal('class'), in: t.Array(NetworkClass, { minItems: 1, maxItems: 7 }) },
    strict,
  ),
  t.Object({ type: t.Literal('industry'), contains: Text(200) }, strict),
  t.Object(
    { type: t.Literal('employees'), in: t.Array(Text(32), { minItems: 1, maxItems: 20 }) },
    strict,
  ),
  t.Object({ type: t.Literal('tag'), tag: Text(50) }, strict),
  t.Object({ type: t.Literal('status'), is: Status }, strict),
  // Its behaviour. `page`: a page of this visit matches (`*` is the only wildcard, as key pages).
  t.Object({ type: t.Literal('page'), pattern: Text(500) }, strict),
  t.Object({ type: t.Literal('visits'), atLeast: Count(10_000), days: Count(365) }, strict),
  t.Object({ type: t.Literal('timeOnSite'), atLeastSeconds: Count(86_400) }, strict),
  t.Object({ type: t.Literal('pageviews'), atLeast: Count(10_000) }, strict),
  t.Object({ type: t.Literal('firstVisit') }, strict),
  t.Object({ type: t.Literal('returning'), daysAway: Count(3650) }, strict),
  t.Object({ type: t.Literal('score'), atLeast: t.Integer({ minimum: 0, maximum: 100 }) }, strict),
]);
export type Condition = typeof Condition.static;

const Match = t.Union([t.Literal('all'), t.Literal('any')]);

/** A nested group: one level deep, which covers "A and (B or C)". */
export const ConditionGroup = t.Object(
  {
    type: t.Literal('group'),
    match: Match,
    conditions: t.Array(Condition, { minItems: 1, maxItems: 30 }),
  },
  strict,
);
export type ConditionGroup = typeof ConditionGroup.static;

export const Rules = t.Object(
  {
    match: Match,
    conditions: t.Array(t.Union([Condition, ConditionGroup]), { minItems: 1, maxItems: 30 }),
  },
  strict,
);
export type Rules = typeof Rules.static;

const Url = t.String({ minLength: 8, maxLength: 2000 });

/** What a trigger does when it fires. A webhook's secret is made by the server, never sent in. */
export const ActionInput = t.Union([
  t.Object({ type: t.Literal('tag'), tag: Text(50) }, strict),
  t.Object({ type: t.Literal('status'), status: Status }, strict),
  t.Object(
    {
      type: t.Literal('email'),
      to: t.Array(t.String({ format: 'email', maxLength: 254 }), { minItems: 1, maxItems: 50 }),
    },
    strict,
  ),
  t.Object({ type: t.Literal('webhook'), url: Url }, strict),
  t.Object({ type: t.Literal('slack'), url: Url }, strict),
]);
export type ActionInput = typeof ActionInput.static;

/** What POST /api/triggers takes (PUT takes the same, whole). */
export const TriggerInput = t.Object(
  {
    name: t.String({ minLength: 1, maxLength: 200 }),
    enabled: t.Optional(t.Boolean()),
    siteId: t.Union([t.Integer({ minimum: 1 }), t.Null()]),
    frequency: t.Union([t.Literal('visit'), t.Literal('day')]),
    rules: Rules,
    actions: t.Array(ActionInput, { minItems: 1, maxItems: 10 }),
  },
  strict,
);
export type TriggerInput = typeof TriggerInput.static;

/** A trigger as the API shows it. `hasSecret`: a webhook signing secret exists (never shown again). */
export const Trigger = t.Object({
  id: t.Integer(),
  name: t.String(),
  enabled: t.Boolean(),
  siteId: t.Union([t.Integer(), t.Null()]),
  frequency: t.Union([t.Literal('visit'), t.Literal('day')]),
  rules: Rules,
  actions: t.Array(ActionInput),
  hasSecret: t.Boolean(),
  createdAt: t.String({ format: 'date-time' }),
  updatedAt: t.String({ format: 'date-time' }),
});
export type Trigger = typeof Trigger.static;

/** The answer to create, and to an update or rotation that made a secret: shown this once. */
export const TriggerWithSecret = t.Object({
  trigger: Trigger,
  secret: t.Union([t.String(), t.Null()]),
});

export const TestRunBody = t.Object({ companyId: t.Optional(t.Integer({ minimum: 1 })) }, strict);
export const TestRunResult = t.Object({
  companyId: t.Integer(),
  /** Whether the rules match that company's latest visit now (a chosen company runs anyway). */
  matched: t.Boolean(),
  outboxIds: t.Array(t.Integer()),
});

export const Firing = t.Object({
  companyId: t.Integer(),
  companyName: t.String(),
  scope: t.String(),
  firedAt: t.String({ format: 'date-time' }),
});
export const Firings = t.Object({ items: t.Array(Firing) });

export const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });

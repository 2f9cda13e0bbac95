// The award pages ("Khen thưởng"): what they share — who may do what,
// the section's tabs, names of people, organizations and award types
// (fetched once per visit), status badges — and the routes of the
// section, so that app.js needs one branch for all of them:
//   #/proposals[?status=&year=]  #/proposals/new  #/proposals/7
//   #/decisions  #/decisions/new[?proposals=7,8]  #/decisions/3
//   #/awards (history search)  #/people/12/awards  #/orgs/4/awards
//   #/eligibility[?person=|org=&award_type=&year=]  #/rule-sets  #/rule-sets/1
import { api } from './api.js';
import { h } from './dom.js';
import { t, todayInVietnam } from './i18n.js';

export const PROPOSAL_STATUSES = ['draft', 'submitted', 'under_review', 'approved', 'returned', 'rejected'];

const has = (user, ...roles) => !!user && roles.some((r) => user.roles.includes(r));

// Roles that read proposals (ACT_PROPOSAL_READ), make them, review them.
export const canReadProposals = (user) => has(user, 'admin', 'authority_officer', 'council_member', 'leader_officer', 'unit_officer');
export const canPropose = (user) => has(user, 'unit_officer', 'leader_officer') && !!user.org_id;
export const isAuthority = (user) => has(user, 'admin') || (has(user, 'authority_officer') && !!user.org_id);
export const isAdmin = (user) => has(user, 'admin');
export const canReadPeople = (user) => has(user, 'admin', 'authority_officer', 'council_member', 'leader_officer', 'unit_officer');

export function thisYear() {
  return Number(todayInVietnam().slice(0, 4));
}

// The query of a hash route: "#/proposals?year=2026" → URLSearchParams.
export function hashQuery(hash = location.hash) {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

// ---- names, fetched once per visit ----

function cached(map, key, load) {
  if (!map.has(key)) {
    map.set(key, load().catch((err) => {
      map.delete(key);
      throw err;
    }));
  }
  return map.get(key);
}

const people = new Map(); // id → Promise of the person (null when out of reach)

export function personOf(id) {
  return cached(people, id, () => api('GET', `/people/${id}`).catch((err) => {
    if (err.status === 403 || err.status === 404) return null;
    throw err;
  }));
}

// A Map id → full name for the given person ids ("#12" when out of reach).
export async function personNames(ids) {
  const unique = [...new Set(ids.filter(Boolean))];
  const found = await Promise.all(unique.map(personOf));
  return new Map(unique.map((id, i) => [id, found[i] ? found[i].full_name : `#${id}`]));
}

const orgs = new Map(); // id → Promise of the org

export function orgOf(id) {
  return cached(orgs, id, () => api('GET', `/orgs/${id}`).catch((err) => {
    if (err.status === 404) return null;
    throw err;
  }));
}

// The org and every org above it, nearest first.
export async function orgChain(id) {
  const chain = [];
  let next = id;
  while (next && chain.length < 16) {
    const o = await orgOf(next);
    if (!o) break;
    chain.push(o.id);
    next = o.parent_id;
  }
  return chain;
}

// What the caller is to a proposal, as the server decides it
// (proposal_parties): the proposer edits and submits; the authority (an
// officer of the reviewing authority or above it, never of the proposing
// org) reviews.
export async function partiesOf(user, p) {
  if (isAdmin(user)) return { proposer: true, authority: true };
  const own = !!user.org_id && user.org_id === p.proposer_org_id;
  const proposer = own && has(user, 'unit_officer', 'leader_officer');
  let authority = false;
  if (has(user, 'authority_officer') && user.org_id && !own) {
    authority = (await orgChain(p.authority_id)).includes(user.org_id);
  }
  return { proposer, authority };
}

// The nominee of a proposal (or recipient of an award), by name.
export function nomineeKey(x) {
  return x.nominee_person_id || x.person_id ? `p${x.nominee_person_id || x.person_id}` : `o${x.nominee_org_id || x.org_id}`;
}

export async function nomineeNames(items) {
  const personIds = items.map((x) => x.nominee_person_id || x.person_id).filter(Boolean);
  const orgIds = items.map((x) => (x.nominee_person_id || x.person_id ? null : x.nominee_org_id || x.org_id)).filter(Boolean);
  const [pn, on] = await Promise.all([personNames(personIds), orgNamesOf(orgIds)]);
  const names = new Map();
  for (const [id, name] of pn) names.set(`p${id}`, name);
  for (const [id, name] of on) names.set(`o${id}`, name);
  return names;
}

export async function orgNamesOf(ids) {
  const unique = [...new Set(ids.filter(Boolean))];
  const found = await Promise.all(unique.map(orgOf));
  return new Map(unique.map((id, i) => [id, found[i] ? found[i].name : `#${id}`]));
}

// A link to the history page of a nominee or recipient.
export function recipientLink(x, names) {
  const person = x.nominee_person_id || x.person_id;
  const key = nomineeKey(x);
  const href = person ? `#/people/${person}/awards` : `#/orgs/${x.nominee_org_id || x.org_id}/awards`;
  return h('a', { href }, names.get(key) || key);
}

// ---- award types ----

let allTypes = null; // Promise of Map code → award type (the newest rule set's wording)
const typesByYear = new Map(); // year → Promise of the /award-types answer

// Every award type of every rule set, by code; a newer set's name wins.
export function awardTypeIndex() {
  if (!allTypes) {
    allTypes = (async () => {
      const sets = (await api('GET', '/rule-sets')).items;
      sets.sort((a, b) => (a.effective_from < b.effective_from ? -1 : 1));
      const answers = await Promise.all(sets.map((s) => api('GET', `/award-types?date=${s.effective_from}`)));
      const index = new Map();
      for (const a of answers) for (const type of a.items) index.set(type.code, type);
      return index;
    })().catch((err) => {
      allTypes = null;
      throw err;
    });
  }
  return allTypes;
}

// The rule set in force for a year's awards, with its award types.
export function awardTypesOf(year) {
  return cached(typesByYear, year, () => api('GET', `/award-types?year=${year}`));
}

// After an admin changes a rule set, names and conditions are read again.
export function forgetAwardTypes() {
  allTypes = null;
  typesByYear.clear();
}

export function typeName(index, code) {
  const type = index.get(code);
  return type ? type.name : code;
}

// National titles and state orders are conferred above the authority:
// it proposes them upward and records their decision when it comes.
export function conferredAbove(index, code) {
  const type = index.get(code);
  return !!type && (type.level === 'national' || type.level === 'state');
}

// Does an award type go to a person (individual) or an org (collective)?
export function fitsSubject(type, person) {
  return type.subject === 'both' || type.subject === (person ? 'individual' : 'collective');
}

// ---- small pieces ----

export function proposalBadge(status) {
  return h('span', { class: `badge proposal-${status}` }, t(`proposal.status.${status}`));
}

const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

export function shareOf(x) {
  if (Math.abs(x - 2 / 3) < 0.0005) return '2/3';
  return percent.format(x);
}

const SECTION = [
  { href: '#/proposals', key: 'awards.tab.proposals', shown: canReadProposals },
  { href: '#/decisions', key: 'awards.tab.decisions', shown: () => true },
  { href: '#/awards', key: 'awards.tab.history', shown: () => true },
  { href: '#/eligibility', key: 'awards.tab.eligibility', shown: () => true },
  { href: '#/rule-sets', key: 'awards.tab.rules', shown: () => true },
];

// The section's own tabs, the current one marked.
export function sectionNav(user, current) {
  return h('nav', { class: 'tabs awards-tabs no-print', 'aria-label': t('awards.sections') },
    SECTION.filter((s) => s.shown(user)).map((s) => h('a', {
      href: s.href, 'aria-current': s.href === current ? 'page' : null,
    }, t(s.key))));
}

// Where the header's "Khen thưởng" link leads: proposals for those who
// work on them, the decisions for everyone else.
export function awardsHome(user) {
  return canReadProposals(user) ? '#/proposals' : '#/decisions';
}

const ROUTES = [
  [/^#\/proposals\/new(?:\?.*)?$/, 'proposal_form.js', 'renderProposalForm'],
  [/^#\/proposals\/(\d+)$/, 'proposal.js', 'renderProposal'],
  [/^#\/proposals(?:\?.*)?$/, 'proposals.js', 'renderProposals'],
  [/^#\/decisions\/new(?:\?.*)?$/, 'decisions.js', 'renderDecisionForm'],
  [/^#\/decisions\/(\d+)$/, 'decisions.js', 'renderDecision'],
  [/^#\/decisions(?:\?.*)?$/, 'decisions.js', 'renderDecisions'],
  [/^#\/awards(?:\?.*)?$/, 'award_history.js', 'renderHistorySearch'],
  [/^#\/people\/(\d+)\/awards$/, 'award_history.js', 'renderPersonAwards'],
  [/^#\/orgs\/(\d+)\/awards$/, 'award_history.js', 'renderOrgAwards'],
  [/^#\/eligibility(?:\?.*)?$/, 'eligibility.js', 'renderEligibilityCheck'],
  [/^#\/rule-sets\/(\d+)$/, 'rule_sets.js', 'renderRuleSet'],
  [/^#\/rule-sets$/, 'rule_sets.js', 'renderRuleSets'],
];

// Is the hash one of the section's pages (for the header's current link)?
export function inAwards(hash) {
  return ROUTES.some(([re]) => re.test(hash));
}

// The page of the hash as a function (page, app) → Promise, or null when
// the hash is not one of the section's. Modules load when first needed.
export function awardRoute(hash) {
  for (const [re, file, name] of ROUTES) {
    const m = re.exec(hash);
    if (m) {
      return async (page, app) => {
        const mod = await import(`./${file}`);
        await mod[name](page, app, m[1] ? Number(m[1]) : undefined);
      };
    }
  }
  return null;
}

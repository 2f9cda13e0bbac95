// The form that makes a ballot, as a draft to check before it opens: the
// question, the kind, the candidates (member units ticked, people found by
// name, units found by name for a council, or names typed in), the seats,
// the threshold with its base, and the quorum.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, todayInVietnam } from './i18n.js';
import { orgNames } from './orgs.js';
import { button, onAction, statusArea, InputError } from './ui.js';

const KINDS = ['single', 'approve_each', 'choose_n'];
const THRESHOLDS = ['0.5', '2/3', '0.8', '0.9', 'custom'];
const QUORUMS = ['0', '0.5', '2/3', 'custom'];

function presetLabel(value) {
  if (value === 'custom') return t('ballot_form.custom');
  if (value === '0') return t('ballot_form.no_quorum');
  if (value === '2/3') return '2/3';
  return `${Number(value) * 100} %`;
}

// A select of presets with a "custom" percentage beside it.
function shareField(id, label, presets, initial, hint) {
  const select = h('select', { id }, presets.map((v) => h('option', { value: v, selected: v === initial }, presetLabel(v))));
  const custom = h('input', {
    id: `${id}-custom`, type: 'number', min: 0, max: 100, step: 'any', inputmode: 'decimal',
    'aria-label': t('ballot_form.custom_for', { what: label }), hidden: true, class: 'percent',
  });
  const unit = h('span', { hidden: true }, '%');
  select.addEventListener('change', () => {
    custom.hidden = unit.hidden = select.value !== 'custom';
    if (!custom.hidden) custom.focus();
  });
  const value = () => {
    if (select.value === '2/3') return 2 / 3;
    if (select.value !== 'custom') return Number(select.value);
    const x = Number(custom.value);
    if (custom.value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 100) {
      throw new InputError(t('ballot_form.share_range', { what: label }));
    }
    return x / 100;
  };
  const node = h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('div', { class: 'inline-fields' }, select, custom, unit),
    hint ? h('p', { class: 'muted small' }, hint) : null);
  return { node, value };
}

// A search box whose results each add a candidate.
function searchBox({ id, label, hint, search, describe, add }) {
  const input = h('input', { id, type: 'search', autocomplete: 'off' });
  const find = button(t('ballot_form.find'), { class: 'secondary' });
  const results = h('ul', { class: 'search-results', 'aria-live': 'polite' });
  const status = statusArea();
  onAction(find, status, async () => {
    const items = await search(input.value.trim());
    mount(results, items.length
      ? await Promise.all(items.map(async (item) => {
        const { name, detail } = await describe(item);
        const addButton = button(t('ballot_form.add'), { class: 'small secondary', 'aria-label': t('ballot_form.add_named', { name }) });
        addButton.addEventListener('click', () => add(item, name));
        return h('li', {}, h('span', {}, h('strong', {}, name), detail ? ` — ${detail}` : ''), addButton);
      }))
      : h('li', { class: 'empty' }, t('ballot_form.nothing_found')));
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); find.click(); }
  });
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('div', { class: 'inline-fields' }, input, find),
    hint ? h('p', { class: 'muted small' }, hint) : null,
    status, results);
}

// scope: {cluster_id, year} or {authority_id}; units: the cluster year's
// member units [{id, name}] (null for a council ballot).
export function ballotForm({ scope, units, onCreated, onCancel }) {
  const candidates = []; // {key, org_id | person_id | label, name, priority, female}
  const question = h('input', { id: 'ballot-question', maxlength: 1000, required: true, autocomplete: 'off' });
  const kinds = KINDS.map((k) => h('input', { type: 'radio', name: 'ballot-kind', value: k, id: `ballot-kind-${k}`, checked: k === 'single' }));
  const seats = h('input', { id: 'ballot-seats', type: 'number', min: 0, max: 200, step: 1, value: 1, inputmode: 'numeric' });
  const maxChoices = h('input', { id: 'ballot-max-choices', type: 'number', min: 1, max: 200, step: 1, inputmode: 'numeric' });
  const maxField = h('div', { class: 'field', hidden: true },
    h('label', { for: 'ballot-max-choices' }, t('ballot_form.max_choices')), maxChoices,
    h('p', { class: 'muted small' }, t('ballot_form.max_choices_hint')));
  const year = scope.year ? null : h('input', { id: 'ballot-year', type: 'number', min: 2000, max: 2100, value: todayInVietnam().slice(0, 4), inputmode: 'numeric' });
  const threshold = shareField('ballot-threshold', t('ballot_form.threshold'), THRESHOLDS, '0.5', null);
  const base = h('select', { id: 'ballot-base' },
    h('option', { value: 'eligible' }, t('ballot_form.base.eligible')),
    h('option', { value: 'cast' }, t('ballot_form.base.cast')));
  const quorum = shareField('ballot-quorum', t('ballot_form.quorum'), QUORUMS, '0', t('ballot_form.quorum_hint'));
  const chosen = h('ol', { class: 'chosen', id: 'ballot-candidates', 'aria-live': 'polite' });
  const unitBoxes = new Map();

  const kind = () => kinds.find((k) => k.checked).value;

  function remove(c) {
    candidates.splice(candidates.indexOf(c), 1);
    if (c.org_id && unitBoxes.has(c.org_id)) unitBoxes.get(c.org_id).checked = false;
    draw();
  }

  function add(c) {
    if (candidates.some((o) => o.key === c.key)) return;
    candidates.push(c);
    draw();
  }

  function draw() {
    mount(chosen, candidates.length === 0
      ? h('li', { class: 'empty' }, t('ballot_form.no_candidates'))
      : candidates.map((c) => {
        const kindTag = h('span', { class: 'tag' }, t(`ballot_form.type.${c.org_id ? 'org' : c.person_id ? 'person' : 'label'}`));
        let priority;
        if (c.person_id) {
          priority = h('span', { class: 'muted small' }, c.female ? t('ballot_form.priority_woman') : t('ballot_form.priority_person'));
        } else {
          const box = h('input', { type: 'checkbox', id: `priority-${c.key}`, checked: c.priority, 'aria-label': t('ballot_form.priority_for', { name: c.name }) });
          box.addEventListener('change', () => { c.priority = box.checked; });
          priority = h('span', { class: 'choice' }, box, ' ', h('label', { for: `priority-${c.key}` }, t('ballot_form.priority')));
        }
        return h('li', {},
          h('span', { class: 'cand-name' }, c.name), ' ', kindTag,
          h('span', { class: 'cand-tools' }, priority,
            button(t('common.remove'), { class: 'link', 'aria-label': t('ballot_form.remove_named', { name: c.name }), onclick: () => remove(c) })));
      }));
  }

  const sources = [];
  if (units) {
    const sorted = [...units].sort((a, b) => compareVi(a.name, b.name));
    const boxes = sorted.map((u) => {
      const box = h('input', { type: 'checkbox', id: `cand-unit-${u.id}`, value: u.id });
      unitBoxes.set(u.id, box);
      box.addEventListener('change', () => {
        if (box.checked) add({ key: `o${u.id}`, org_id: u.id, name: u.name, priority: false });
        else remove(candidates.find((c) => c.key === `o${u.id}`));
      });
      return h('div', { class: 'choice' }, box, ' ', h('label', { for: box.id }, u.name));
    });
    sources.push(h('fieldset', {},
      h('legend', {}, t('ballot_form.member_units')),
      h('div', { class: 'checks' }, boxes)));
  } else {
    sources.push(searchBox({
      id: 'ballot-org-search', label: t('ballot_form.find_unit'), hint: null,
      search: async (q) => (await api('GET', `/orgs?kind=unit&limit=20&q=${encodeURIComponent(q)}`)).items,
      describe: async (o) => ({ name: o.name, detail: o.province || '' }),
      add: (o, name) => add({ key: `o${o.id}`, org_id: o.id, name, priority: false }),
    }));
  }
  sources.push(searchBox({
    id: 'ballot-person-search', label: t('ballot_form.find_person'), hint: t('ballot_form.find_person_hint'),
    search: async (q) => (await api('GET', `/people?limit=20&q=${encodeURIComponent(q)}`)).items,
    describe: async (p) => {
      const orgs = p.org_id ? await orgNames([p.org_id]) : new Map();
      return { name: p.full_name, detail: [p.position, orgs.get(p.org_id)].filter(Boolean).join(', ') };
    },
    add: (p, name) => add({ key: `p${p.id}`, person_id: p.id, name, female: p.gender === 'female' }),
  }));
  const label = h('input', { id: 'ballot-label', maxlength: 300, autocomplete: 'off' });
  const addLabel = button(t('ballot_form.add'), { class: 'secondary', id: 'ballot-add-label' });
  const labelStatus = statusArea();
  onAction(addLabel, labelStatus, async () => {
    const name = label.value.trim().replace(/\s+/g, ' ');
    if (!name) throw new InputError(t('ballot_form.label_required'));
    add({ key: `l${name}`, label: name, name, priority: false });
    label.value = '';
    label.focus();
  });
  label.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); addLabel.click(); }
  });
  sources.push(h('div', { class: 'field' },
    h('label', { for: 'ballot-label' }, t('ballot_form.label')),
    h('div', { class: 'inline-fields' }, label, addLabel),
    h('p', { class: 'muted small' }, t('ballot_form.label_hint')),
    labelStatus));

  const kindField = h('fieldset', {},
    h('legend', {}, t('ballot_form.kind')),
    kinds.map((k) => h('div', { class: 'choice' }, k, ' ',
      h('label', { for: k.id }, t(`ballot_form.kind.${k.value}`)))));
  kindField.addEventListener('change', () => {
    maxField.hidden = kind() !== 'choose_n';
    if (kind() === 'single' && seats.value === '') seats.value = 1;
  });

  function body() {
    const q = question.value.trim();
    if (!q) throw new InputError(t('ballot_form.question_required'));
    if (candidates.length === 0) throw new InputError(t('ballot_form.candidates_required'));
    const n = Number(seats.value || 0);
    if (!Number.isInteger(n) || n < 0 || n > candidates.length) {
      throw new InputError(t('ballot_form.seats_range', { n: candidates.length }));
    }
    const out = {
      kind: kind(),
      question: q,
      // a person's priority follows the gender on record: never sent (the
      // API refuses it, 422 priority_from_record)
      candidates: candidates.map((c) => (c.org_id ? { org_id: c.org_id, priority: !!c.priority }
        : c.person_id ? { person_id: c.person_id } : { label: c.label, priority: !!c.priority })),
      seats: n,
      threshold: threshold.value(),
      threshold_base: base.value,
      quorum: quorum.value(),
      ...scope,
    };
    if (year) {
      const y = Number(year.value);
      if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new InputError(t('ballot_form.year_required'));
      out.year = y;
    }
    if (out.kind === 'choose_n') {
      const most = maxChoices.value === '' ? n : Number(maxChoices.value);
      if (!Number.isInteger(most) || most < 1 || most > candidates.length) {
        throw new InputError(t('ballot_form.max_range', { n: candidates.length }));
      }
      out.max_choices = most;
    }
    return out;
  }

  const status = statusArea();
  const submit = button(t('ballot_form.submit'), { id: 'ballot-create' });
  onAction(submit, status, async () => {
    const created = await api('POST', '/ballots', body());
    onCreated(created);
  });
  draw();
  return h('section', { class: 'editor ballot-form', 'aria-labelledby': 'ballot-form-title' },
    h('h3', { id: 'ballot-form-title' }, units ? t('ballot_form.title') : t('ballot_form.title_council')),
    h('p', { class: 'muted' }, units ? t('ballot_form.hint') : t('ballot_form.hint_council')),
    h('label', { for: 'ballot-question' }, t('ballot_form.question')), question,
    year ? [h('label', { for: 'ballot-year' }, t('ballot_form.year')), year] : null,
    kindField,
    h('h4', {}, t('ballot_form.candidates')),
    sources,
    h('p', { class: 'label' }, t('ballot_form.chosen')),
    chosen,
    h('div', { class: 'field' },
      h('label', { for: 'ballot-seats' }, t('ballot_form.seats')), seats,
      h('p', { class: 'muted small' }, t('ballot_form.seats_hint'))),
    maxField,
    threshold.node,
    h('div', { class: 'field' }, h('label', { for: 'ballot-base' }, t('ballot_form.base')), base),
    quorum.node,
    h('div', { class: 'actions' }, submit, button(t('common.cancel'), { class: 'secondary', onclick: onCancel })),
    status);
}

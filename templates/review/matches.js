// paperlink family-link match queue (RESTRICTED): one candidate pair at a time, the two records side by side with the
// evidence per field. C confirms, R rejects, U marks unsure, S skips for now; the machine never decides. Nothing is
// fetched until the reviewer opens the queue. Plain browser JavaScript; talks only to this local server
// (GET /api/matches/count, GET /api/matches/next, POST /api/matches/decide; src/review/handle-matches.ts).
(function () {
  'use strict';

  const TEXT = {
    nl: {
      title: 'Familieberichten: koppelingen', back: 'Terug naar de controle', otherLang: 'English',
      banner: 'VERTROUWELIJK: alleen voor het team familieberichten (RFL). Neem niets over buiten paperlink; deel of stuur niets door.',
      gate: 'Hier staan de gegevens van mensen die iemand zoeken en van mensen die zich veilig meldden. Open de lijst alleen als u in het team familieberichten zit.',
      open: (n) => `Enter — open de koppelingen (${n})`, nothing: 'Er wachten geen koppelingen op een besluit.',
      progress: (w, u) => `${w} wachten · ${u} twijfel`, showUnsure: (n) => `Ook twijfelgevallen (${n})`, hideUnsure: 'Zonder twijfelgevallen',
      kinds: { 'seeker-safe': 'Zoekt iemand ↔ meldde zich veilig', 'seeker-seeker': 'Twee mensen zoeken dezelfde persoon', 'registration-registration': 'Mogelijk twee keer ingeschreven (alleen markeren, nooit samenvoegen)' },
      roles: { safe: 'meldde zich veilig', enquirer: 'zoekt iemand', sought: 'wordt gezocht' },
      likely: 'waarschijnlijk', markedUnsure: 'eerder: twijfel', probability: (p) => `kans ${p} %`, sheet: (site, serial) => `locatie ${site}, blad ${serial}`,
      fields: { family: 'Achternaam', given: 'Voornaam', other: 'Andere namen / spelling', sex: 'Geslacht', dob: 'Geboortedatum', age: 'Leeftijd', phone: 'Telefoon', postcode: 'Postcode', freeText: 'Beschrijving' },
      levels: { exact: 'gelijk', variant: 'bekende variant', jw92: 'bijna gelijk', jw88: 'lijkt erop', phonetic: 'klinkt gelijk', different: 'verschilt', 'one-typo': 'één cijfer anders', 'year-1': '±1 jaar', 'age-range': 'past bij leeftijd', pc4: 'zelfde PC4', pc2: 'zelfde regio (PC2)', same: 'gelijk' },
      keys: [['C', 'bevestigen: dezelfde persoon'], ['R', 'afwijzen: niet dezelfde'], ['U', 'twijfel: blijft op de lijst'], ['S', 'overslaan (nu)']],
      confirm: 'C — bevestigen', reject: 'R — afwijzen', unsure: 'U — twijfel', skip: 'S — overslaan',
      done: { confirm: 'Bevestigd', reject: 'Afgewezen', unsure: 'Als twijfel bewaard' },
      none: 'Geen koppelingen meer om te beoordelen.', skippedLeft: (n) => `${n} overgeslagen; die komen terug als u de pagina opnieuw laadt.`, noName: 'Open eerst de controlepagina en vul uw naam in.',
    },
    en: {
      title: 'Family links: matches', back: 'Back to review', otherLang: 'Nederlands',
      banner: 'RESTRICTED: family-links (RFL) team only. Copy nothing outside paperlink; do not share or forward.',
      gate: 'This holds the records of people looking for someone and of people who registered as safe. Open it only if you are on the family-links team.',
      open: (n) => `Enter — open the matches (${n})`, nothing: 'No pairs are waiting for a decision.',
      progress: (w, u) => `${w} waiting · ${u} unsure`, showUnsure: (n) => `Include unsure (${n})`, hideUnsure: 'Without unsure pairs',
      kinds: { 'seeker-safe': 'Looking for someone ↔ registered safe', 'seeker-seeker': 'Two people looking for the same person', 'registration-registration': 'Possibly registered twice (flag only, never merged)' },
      roles: { safe: 'registered safe', enquirer: 'looking for someone', sought: 'is being looked for' },
      likely: 'likely', markedUnsure: 'before: unsure', probability: (p) => `probability ${p} %`, sheet: (site, serial) => `site ${site}, sheet ${serial}`,
      fields: { family: 'Family name', given: 'Given name', other: 'Other names / spellings', sex: 'Sex', dob: 'Date of birth', age: 'Age', phone: 'Phone', postcode: 'Postcode', freeText: 'Description' },
      levels: { exact: 'same', variant: 'known variant', jw92: 'nearly the same', jw88: 'similar', phonetic: 'sounds the same', different: 'differs', 'one-typo': 'one digit differs', 'year-1': '±1 year', 'age-range': 'fits the age', pc4: 'same PC4', pc2: 'same region (PC2)', same: 'same' },
      keys: [['C', 'confirm: the same person'], ['R', 'reject: not the same'], ['U', 'unsure: stays on the list'], ['S', 'skip (for now)']],
      confirm: 'C — confirm', reject: 'R — reject', unsure: 'U — unsure', skip: 'S — skip',
      done: { confirm: 'Confirmed', reject: 'Rejected', unsure: 'Kept as unsure' },
      none: 'No pairs left to decide.', skippedLeft: (n) => `${n} skipped; they come back when you reload this page.`, noName: 'Open the review page first and type your name.',
    },
  };
  const state = {
    lang: window.paperlinkPageKit.startLanguage(),
    reviewer: localStorage.getItem('paperlink.reviewer') || '',
    opened: false, includeUnsure: false, skip: [], item: null, waiting: 0, unsure: 0, busy: false,
  };
  const t = () => TEXT[state.lang];
  const $ = (id) => document.getElementById(id);
  const { el, api, notify, wireLanguageToggle } = window.paperlinkPageKit;

  // Which evidence row speaks for which record field: the age row shares the date-of-birth comparison.
  const EVIDENCE_OF = { family: 'family', given: 'given', other: null, sex: 'sex', dob: 'dob', age: 'dob', phone: 'phone', postcode: 'postcode', freeText: null };

  function renderProgress() {
    $('progress').textContent = t().progress(state.waiting, state.unsure);
    const toggle = $('unsure-toggle');
    toggle.hidden = !state.opened || (state.unsure === 0 && !state.includeUnsure);
    toggle.textContent = state.includeUnsure ? t().hideUnsure : t().showUnsure(state.unsure);
    $('open-queue').textContent = t().open(state.waiting + state.unsure);
    $('open-queue').disabled = state.waiting + state.unsure === 0;
    $('gate-text').textContent = state.waiting + state.unsure === 0 ? t().nothing : t().gate;
  }
  function recordHead(record) {
    return el('th', { class: 'match-record' },
      el('div', { class: 'match-role', text: t().roles[record.role] || record.role }),
      el('div', { class: 'sheet', text: t().sheet(record.site, record.serial) }));
  }
  function renderPair() {
    const card = $('pair');
    const item = state.item;
    document.body.dataset.pair = item ? item.pair : '';
    if (!item) {
      card.replaceChildren(el('div', { class: 'empty' }, el('strong', { text: t().none }), state.skip.length > 0 ? t().skippedLeft(state.skip.length) : null));
      document.body.dataset.ready = '1';
      return;
    }
    const evidence = Object.fromEntries(item.evidence.map((entry) => [entry.field, entry]));
    const rows = item.a.fields.map((field, index) => {
      const other = item.b.fields[index];
      const key = EVIDENCE_OF[field.field];
      const found = key ? evidence[key] : undefined;
      if (field.value === null && other.value === null) return null;
      const level = found ? found.level : '';
      return el('tr', { class: `match-row level-${level || 'none'}`, 'data-field': field.field },
        el('th', { text: t().fields[field.field] || field.field }),
        el('td', { class: 'match-value', text: field.value ?? '—' }),
        el('td', { class: 'match-value', text: other.value ?? '—' }),
        el('td', { class: 'match-level', text: found ? (t().levels[level] || level) : '' }));
    });
    card.replaceChildren(
      el('div', { class: 'head' },
        el('span', { class: `badge${item.likely ? '' : ' quiet'}`, text: t().kinds[item.kind] || item.kind }),
        item.likely ? el('span', { class: 'badge likely', text: t().likely }) : null,
        item.unsure ? el('span', { class: 'badge unreadable', text: t().markedUnsure }) : null,
        el('span', { class: 'sheet', text: `${t().probability((100 * item.probability).toFixed(1))} · ${item.pair}` })),
      el('table', { class: 'match-table' },
        el('thead', {}, el('tr', {}, el('th', {}), recordHead(item.a), recordHead(item.b), el('th', {}))),
        el('tbody', {}, rows)),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'primary', 'data-decision': 'confirm', text: t().confirm, onclick: () => decide('confirm') }),
        el('button', { type: 'button', 'data-decision': 'reject', text: t().reject, onclick: () => decide('reject') }),
        el('button', { type: 'button', 'data-decision': 'unsure', text: t().unsure, onclick: () => decide('unsure') }),
        el('button', { type: 'button', class: 'quiet', text: t().skip, onclick: skip })));
    document.body.dataset.ready = '1';
  }
  function show(next) {
    state.item = next.item;
    state.waiting = next.waiting;
    state.unsure = next.unsure;
    renderProgress();
    renderPair();
  }

  async function loadNext() {
    document.body.dataset.ready = '0';
    const query = new URLSearchParams({ skip: state.skip.join(','), unsure: state.includeUnsure ? '1' : '0' });
    show(await api('GET', `/api/matches/next?${query}`));
  }
  async function decide(decision) {
    if (state.busy || !state.item) return;
    state.busy = true;
    document.body.dataset.ready = '0';
    try {
      const data = await api('POST', '/api/matches/decide', { reviewer: state.reviewer, pair: state.item.pair, decision, skip: state.skip, unsure: state.includeUnsure });
      notify(`${t().done[decision]}: ${data.decided.pair}`);
      show(data.next);
    } catch (error) {
      document.body.dataset.ready = '1';
      notify(String(error.message || error), true);
    } finally {
      state.busy = false;
    }
  }
  function skip() {
    if (!state.item) return;
    state.skip.push(state.item.pair);
    loadNext().catch((error) => notify(String(error.message || error), true));
  }
  function openQueue() {
    if (state.opened || state.waiting + state.unsure === 0) return;
    state.opened = true;
    $('gate').hidden = true;
    $('pair').hidden = false;
    $('keys').hidden = false;
    loadNext().catch((error) => notify(String(error.message || error), true));
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (!state.opened) {
      if (key === 'enter') { event.preventDefault(); openQueue(); }
      return;
    }
    const decision = { c: 'confirm', r: 'reject', u: 'unsure' }[key];
    if (decision) { event.preventDefault(); decide(decision); }
    else if (key === 's') { event.preventDefault(); skip(); }
  }

  function renderChrome() {
    document.documentElement.lang = state.lang;
    $('matches-title').textContent = t().title;
    $('back-link').textContent = t().back;
    $('lang-toggle').textContent = t().otherLang;
    $('rfl-banner').textContent = t().banner;
    $('keys').replaceChildren(...t().keys.flatMap(([key, what]) => [el('dt', {}, el('kbd', { text: key })), el('dd', { text: what })]));
    renderProgress();
  }
  wireLanguageToggle(state, () => { renderChrome(); if (state.opened) renderPair(); });
  $('unsure-toggle').addEventListener('click', (event) => {
    state.includeUnsure = !state.includeUnsure;
    state.skip = [];
    event.target.blur();
    loadNext().catch((error) => notify(String(error.message || error), true));
  });
  $('open-queue').addEventListener('click', openQueue);
  document.addEventListener('keydown', onKey);
  renderChrome();
  if (!state.reviewer) { notify(t().noName, true); $('open-queue').disabled = true; document.body.dataset.ready = '1'; }
  else {
    api('GET', '/api/matches/count')
      .then((count) => { state.waiting = count.waiting; state.unsure = count.unsure; renderProgress(); })
      .catch((error) => notify(String(error.message || error), true))
      .finally(() => { document.body.dataset.ready = '1'; });
  }
})();

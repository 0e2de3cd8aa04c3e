// paperlink digit sweep: many unsure digit fields on one screen, each crop with the machine's complete guess, ordered
// by field and guessed value so the odd one stands out. Arrows (or a click) select a crop, digits type over its guess,
// F2 marks it illegible, Esc restores the guess, Enter confirms the whole screen. Plain browser JavaScript; talks only
// to this local server (GET/POST /api/sweep, described in src/review/handle-sweep.ts).
(function () {
  'use strict';

  const TEXT = {
    nl: {
      title: 'Cijfers in bulk controleren', back: 'Terug naar één voor één', otherLang: 'English', left: (n) => `nog ${n} velden`,
      help: 'Klopt elk getal met het papier? Verbeter de afwijkers: pijltjes (of klik) kiezen, cijfers typen, Esc = terug naar de gok, F2 = onleesbaar. Enter = dit hele scherm bevestigen.',
      confirm: (n) => `Enter — ${n} bevestigen`, illegible: 'onleesbaar', sheet: 'Blad',
      empty: 'Geen onzekere cijfervelden meer. Terug naar de gewone lijst voor de rest.', noName: 'Open eerst de controlepagina en vul uw naam in.',
      refused: (n) => `${n} veld(en) niet opgeslagen (iemand anders werkt eraan of de waarde past niet); ze komen terug.`,
    },
    en: {
      title: 'Digit sweep', back: 'Back to one by one', otherLang: 'Nederlands', left: (n) => `${n} fields left`,
      help: 'Does every number match the paper? Fix the odd ones: arrows (or click) select, type the digits, Esc = back to the guess, F2 = illegible. Enter = confirm this whole screen.',
      confirm: (n) => `Enter — confirm ${n}`, illegible: 'illegible', sheet: 'Sheet',
      empty: 'No unsure digit fields left. Go back to the main queue for the rest.', noName: 'Open the review page first and type your name.',
      refused: (n) => `${n} field(s) not saved (someone else is on them, or the value does not fit); they come back.`,
    },
  };
  const params = new URLSearchParams(location.search);
  const state = {
    lang: window.paperlinkPageKit.startLanguage(),
    reviewer: localStorage.getItem('paperlink.reviewer') || '',
    filters: ['form', 'site', 'field', 'batch'].reduce((out, key) => (params.get(key) ? { ...out, [key]: params.get(key) } : out), {}),
    items: [], edits: [], selected: 0, left: 0, busy: false,
  };
  const t = () => TEXT[state.lang];
  const $ = (id) => document.getElementById(id);
  const label = (l) => (l && (l[state.lang] || l.en || l.nl)) || '';

  const { el, api, notify, wireLanguageToggle } = window.paperlinkPageKit;

  function show(screen) {
    state.items = screen.items;
    state.edits = screen.items.map(() => ({ typed: null, illegible: false }));
    state.selected = 0;
    state.left = screen.left;
    render();
  }
  function shownValue(index) {
    const edit = state.edits[index];
    if (edit.illegible) return t().illegible;
    return edit.typed !== null ? edit.typed : state.items[index].guess;
  }
  function render() {
    document.body.dataset.ready = '0';
    $('progress').textContent = t().left(state.left);
    $('confirm').textContent = t().confirm(state.items.length);
    $('confirm').disabled = state.items.length === 0;
    const grid = $('grid');
    if (state.items.length === 0) {
      grid.replaceChildren(el('div', { class: 'empty', text: t().empty }));
      document.body.dataset.screen = '';
      document.body.dataset.guesses = '';
      document.body.dataset.ready = '1';
      return;
    }
    // Tiles of one field and one guess share a band colour: a run of "1"s with one "7" among them reads at a glance.
    let band = 0;
    let pending = state.items.length;
    const loaded = () => { pending -= 1; if (pending === 0) document.body.dataset.ready = '1'; };
    const tiles = state.items.map((item, index) => {
      const previous = state.items[index - 1];
      if (previous && (previous.fieldId !== item.fieldId || previous.formId !== item.formId || previous.guess !== item.guess)) band += 1;
      const edit = state.edits[index];
      const img = el('img', { class: 'sweep-crop', alt: '', src: `/api/crop?c=${item.captureId}&f=${encodeURIComponent(item.fieldId)}` });
      img.addEventListener('load', loaded);
      img.addEventListener('error', loaded);
      return el('div', {
        class: `sweep-tile band-${band % 2}${index === state.selected ? ' selected' : ''}${edit.typed !== null ? ' changed' : ''}${edit.illegible ? ' illegible' : ''}`,
        'data-key': item.key, onclick: () => { state.selected = index; render(); },
      }, img,
      el('div', { class: 'sweep-value', text: shownValue(index) }),
      el('div', { class: 'sweep-meta', text: `${label(item.label)} · ${item.humanId}` }));
    });
    grid.replaceChildren(...tiles);
    document.body.dataset.screen = state.items.map((item) => item.key).join(',');
    document.body.dataset.guesses = state.items.map((item) => item.guess).join(',');
  }

  async function load() {
    const query = new URLSearchParams({ reviewer: state.reviewer, ...state.filters });
    show(await api('GET', `/api/sweep?${query}`));
  }
  async function confirmScreen() {
    if (state.busy || state.items.length === 0) return;
    state.busy = true;
    try {
      const lines = state.items.map((item, index) => {
        const edit = state.edits[index];
        if (edit.illegible) return { key: item.key, illegible: true };
        return edit.typed !== null && edit.typed !== item.guess ? { key: item.key, value: edit.typed } : { key: item.key };
      });
      const data = await api('POST', '/api/sweep', { reviewer: state.reviewer, ...state.filters, lines });
      const refused = data.results.filter((r) => !r.result.ok).length;
      if (refused > 0) notify(t().refused(refused), true);
      show(data.next);
    } catch (error) {
      notify(String(error.message || error), true);
    } finally {
      state.busy = false;
    }
  }

  function columns() {
    const tiles = $('grid').children;
    if (tiles.length < 2) return 1;
    const top = tiles[0].offsetTop;
    let n = 0;
    while (n < tiles.length && tiles[n].offsetTop === top) n += 1;
    return Math.max(1, n);
  }
  function onKey(event) {
    const key = event.key;
    if (state.items.length === 0) return;
    const edit = state.edits[state.selected];
    const move = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns(), ArrowDown: columns() }[key];
    if (move !== undefined) {
      event.preventDefault();
      state.selected = Math.min(state.items.length - 1, Math.max(0, state.selected + move));
      render();
    } else if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      const max = state.items[state.selected].cells || 12;
      edit.illegible = false;
      edit.typed = ((edit.typed === null ? '' : edit.typed) + key).slice(0, max);
      render();
    } else if (key === 'Backspace') {
      event.preventDefault();
      if (edit.typed !== null) edit.typed = edit.typed.slice(0, -1) || null;
      render();
    } else if (key === 'Escape') {
      event.preventDefault();
      edit.typed = null;
      edit.illegible = false;
      render();
    } else if (key === 'F2') {
      event.preventDefault();
      edit.illegible = !edit.illegible;
      edit.typed = null;
      render();
    } else if (key === 'Enter') {
      event.preventDefault();
      confirmScreen();
    }
  }

  function renderChrome() {
    document.documentElement.lang = state.lang;
    $('sweep-title').textContent = t().title;
    $('back-link').textContent = t().back;
    $('lang-toggle').textContent = t().otherLang;
    $('sweep-help').textContent = t().help;
  }
  wireLanguageToggle(state, () => { renderChrome(); render(); });
  $('confirm').addEventListener('click', confirmScreen);
  document.addEventListener('keydown', onKey);
  renderChrome();
  if (!state.reviewer) { notify(t().noName, true); document.body.dataset.ready = '1'; }
  else load().catch((error) => notify(String(error.message || error), true));
})();

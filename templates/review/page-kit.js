// paperlink review pages' shared kit: building elements, talking to this local server, and the message line.
// Loaded before review.js and sweep.js (plain browser JavaScript, no modules, no network beyond this server).
(function () {
  'use strict';

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  async function api(method, path, body) {
    const options = { method, headers: {}, credentials: 'same-origin' };
    if (body) { options.headers['content-type'] = 'application/json'; options.body = JSON.stringify(body); }
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error ? `${data.error} ${data.hint || ''}` : `HTTP ${response.status}`);
    return data;
  }

  /** Shows a short message at the bottom; a bad one stays longer. */
  function notify(text, bad) {
    const box = document.getElementById('message');
    box.textContent = text;
    box.className = `message${bad ? ' bad' : ''}`;
    box.hidden = false;
    clearTimeout(notify.timer);
    notify.timer = setTimeout(() => { box.hidden = true; }, bad ? 6000 : 1500);
  }

  /** The page's language: ?lang=, else the reviewer's last choice, else the server's default; Dutch unless English. */
  function startLanguage() {
    const lang = new URLSearchParams(location.search).get('lang') || localStorage.getItem('paperlink.lang') || document.body.dataset.defaultLang || 'nl';
    return lang === 'en' ? 'en' : 'nl';
  }

  /** The header's language button: switches state.lang between nl and en, remembers it, then calls rerender. */
  function wireLanguageToggle(state, rerender) {
    document.getElementById('lang-toggle').addEventListener('click', () => {
      state.lang = state.lang === 'nl' ? 'en' : 'nl';
      localStorage.setItem('paperlink.lang', state.lang);
      rerender();
    });
  }

  window.paperlinkPageKit = { el, api, notify, startLanguage, wireLanguageToggle };
})();

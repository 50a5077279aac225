// console.js — the little the console's pages do with script; each works without it too.
//  - the vendor picker opens the vendor chosen;
//  - forms with data-confirm ask first (refunds);
//  - the clock's advance form moves the clock in steps (a day, or a week for long moves),
//    showing progress and, live, what ran in each step; without script the form posts once.
'use strict';

document.addEventListener('change', (e) => {
  const el = e.target;
  if (el.matches && el.matches('select[data-autosubmit]') && el.value) el.form.submit();
});

document.addEventListener('submit', (e) => {
  const form = e.target;
  if (form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) {
    e.preventDefault();
  }
});

function stepsOf(seconds) {
  const day = 86400;
  const step = seconds > 60 * day ? 7 * day : day;
  if (seconds <= day) return [seconds];
  const out = [];
  for (let left = seconds; left > 0; left -= step) out.push(Math.min(step, left));
  return out;
}

async function advance(form, seconds) {
  const buttons = form.querySelectorAll('button');
  const box = form.querySelector('.progress');
  const bar = box.querySelector('progress');
  const status = box.querySelector('[role="status"]');
  const csrf = form.querySelector('input[name="csrf"]').value;
  let live = document.getElementById('live');
  if (!live) {
    live = document.createElement('section');
    live.id = 'live';
    live.className = 'card';
    live.setAttribute('aria-labelledby', 'h-live');
    live.innerHTML = '<h2 id="h-live">Running</h2><ul class="events" id="live-events"></ul>';
    form.closest('.grid2').after(live);
  }
  const list = live.querySelector('#live-events');
  const steps = stepsOf(seconds);
  let first = null;
  let last = null;
  buttons.forEach((b) => { b.disabled = true; });
  box.hidden = false;
  bar.max = steps.length;
  try {
    for (let i = 0; i < steps.length; i++) {
      const body = new URLSearchParams({ csrf, seconds: String(steps[i]) });
      const r = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
      const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
      if (!r.ok) {
        const n = doc.querySelector('.notice');
        throw new Error(n ? n.textContent : `HTTP ${r.status}`);
      }
      const ran = doc.getElementById('ran');
      if (ran) {
        if (first === null) first = ran.dataset.from;
        last = ran.dataset.to;
        ran.querySelectorAll('#ran-events li:not(.empty)').forEach((li) => {
          list.prepend(document.importNode(li, true));
        });
      }
      const now = doc.getElementById('now');
      if (now) document.getElementById('now').replaceWith(document.importNode(now, true));
      bar.value = i + 1;
      status.textContent = `Step ${i + 1} of ${steps.length}` +
        (now ? ` · sandbox time ${now.textContent}` : '');
    }
    status.textContent = 'Done.';
    const base = form.action.replace(/\/advance$/, '');
    window.location.assign(`${base}?from=${first}&to=${last}`);
  } catch (err) {
    status.textContent = `Stopped: ${err.message}`;
    buttons.forEach((b) => { b.disabled = false; });
  }
}

document.addEventListener('submit', (e) => {
  const form = e.target;
  if (form.dataset.progress === undefined || !window.fetch || !window.DOMParser) return;
  const seconds = Number(e.submitter && e.submitter.value);
  if (!(seconds > 0)) return;
  e.preventDefault();
  advance(form, seconds);
});

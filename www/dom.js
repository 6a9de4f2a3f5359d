// Small DOM helpers: build elements, update text without touching what did not change.

let nextId = 0;

/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * `h('button', { type: 'button', onclick }, 'Open')`. Props that are element properties
 * (`value`, `checked`, `hidden`, `textContent`, …) are set as properties, the rest as
 * attributes; `on*` functions become listeners; null/false props and children are skipped.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key in el && !key.includes('-') && key !== 'list' && key !== 'form') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Sets `textContent` only when it differs (keeps screen readers and selection calm). */
export function setText(el, text) {
  const value = String(text);
  if (el.textContent !== value) el.textContent = value;
}

/** Sets or removes an attribute only when it differs. */
export function setAttr(el, name, value) {
  if (value == null || value === false) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else {
    const text = value === true ? '' : String(value);
    if (el.getAttribute(name) !== text) el.setAttribute(name, text);
  }
}

/** Shows or hides an element with the `hidden` attribute. */
export function show(el, visible) {
  if (el.hidden === Boolean(visible)) el.hidden = !visible;
}

/** Replaces an element's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * Keeps `container`'s children in step with `items`: one element per key, created once by
 * `create(item)`, updated by `update(el, item)` on every call, removed when its key goes.
 * Order follows `items`; elements that stay keep their focus and input state.
 */
export function syncList(container, items, key, create, update) {
  const existing = new Map();
  for (const el of container.children) existing.set(el.dataset.key, el);
  let previous = null;
  const keep = new Set();
  for (const item of items) {
    const k = String(key(item));
    keep.add(k);
    let el = existing.get(k);
    if (!el) {
      el = create(item);
      el.dataset.key = k;
    }
    update(el, item);
    const expected = previous ? previous.nextElementSibling : container.firstElementChild;
    if (expected !== el) {
      if (previous) previous.after(el);
      else container.prepend(el);
    }
    previous = el;
  }
  for (const [k, el] of existing) if (!keep.has(k)) el.remove();
}

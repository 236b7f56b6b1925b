// Tiny DOM helpers that build GOV.UK Frontend markup (no framework, no npm imports).

/** h("input", {class: "govuk-input", id: "x", oninput: fn}, ...children) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  appendAll(el, children);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style") el.setAttribute("style", value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value" || key === "checked" || key === "disabled" || key === "readOnly") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  return el;
}

function appendAll(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendAll(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const hidden = (text) => h("span", { class: "govuk-visually-hidden" }, text);

/** A button; `suffix` is read by screen readers only ("Move up" + " ‘Decision’"). */
export function button(text, onclick, { secondary = true, suffix = null, id = null, classes = "", disabled = false } = {}) {
  const cls = ["govuk-button", secondary ? "govuk-button--secondary" : "", classes].filter(Boolean).join(" ");
  return h("button", { type: "button", class: cls, id, onclick, disabled, "data-module": "govuk-button" },
    text, suffix ? hidden(suffix) : null);
}

/** A button that looks like a link (for the summary card's actions and small row actions). */
export function linkButton(text, onclick, { suffix = null, id = null, disabled = false, warning = false } = {}) {
  const cls = `govuk-link app-form-editor__link-button${warning ? " app-form-editor__link-button--warning" : ""}`; // no red: too little contrast on the card's grey
  return h("button", { type: "button", class: cls, id, onclick, disabled }, text, suffix ? hidden(suffix) : null);
}

function hintEl(id, hint) {
  return hint ? h("div", { class: "govuk-hint", id: `${id}-hint` }, hint) : null;
}

function describedBy(id, hint, extra = []) {
  const ids = [hint ? `${id}-hint` : null, ...extra].filter(Boolean);
  return ids.length ? ids.join(" ") : null;
}

export function inputGroup({ id, name, label, hint = null, value = "", oninput = null, onchange = null,
  readOnly = false, width = "", spellcheck = null, error = null, labelClass = "govuk-label" }) {
  return h("div", { class: `govuk-form-group${error ? " govuk-form-group--error" : ""}` },
    h("label", { class: labelClass, for: id }, label),
    hintEl(id, hint),
    error ? h("p", { class: "govuk-error-message", id: `${id}-error` }, hidden("Error: "), error) : null,
    h("input", {
      class: `govuk-input${width ? ` ${width}` : ""}${error ? " govuk-input--error" : ""}`,
      id, name, type: "text", value, oninput, onchange, readOnly, spellcheck,
      "aria-describedby": describedBy(id, hint, error ? [`${id}-error`] : []),
    }));
}

export function textareaGroup({ id, name, label, hint = null, value = "", rows = 2, oninput = null,
  labelClass = "govuk-label", spellcheck = null, classes = "" }) {
  return h("div", { class: "govuk-form-group" },
    h("label", { class: labelClass, for: id }, label),
    hintEl(id, hint),
    h("textarea", {
      class: `govuk-textarea${classes ? ` ${classes}` : ""}`, id, name, rows, value, oninput, spellcheck,
      "aria-describedby": describedBy(id, hint),
    }));
}

export function selectGroup({ id, name, label, hint = null, options, value, onchange }) {
  const select = h("select", { class: "govuk-select", id, name, onchange, "aria-describedby": describedBy(id, hint) },
    options.map((o) => h("option", { value: o.value, disabled: o.disabled || false }, o.text)));
  select.value = value;
  return h("div", { class: "govuk-form-group" },
    h("label", { class: "govuk-label", for: id }, label), hintEl(id, hint), select);
}

/** One small checkbox (govuk-checkboxes--small) with its own form group. */
export function checkboxGroup({ id, name, label, checked, onchange, hint = null }) {
  return h("div", { class: "govuk-form-group" },
    h("div", { class: "govuk-checkboxes govuk-checkboxes--small", "data-module": "govuk-checkboxes" },
      checkboxItem({ id, name, label, checked, onchange, hint })));
}

export function checkboxItem({ id, name, value = "true", label, checked, onchange, hint = null, labelData = null }) {
  return h("div", { class: "govuk-checkboxes__item" },
    h("input", { class: "govuk-checkboxes__input", id, name, type: "checkbox", value, checked, onchange,
      "aria-describedby": hint ? `${id}-hint` : null }),
    h("label", { class: "govuk-label govuk-checkboxes__label", for: id, dataset: labelData || {} }, label),
    hint ? h("div", { class: "govuk-hint govuk-checkboxes__hint", id: `${id}-hint` }, hint) : null);
}

/** A GOV.UK error summary: items are {text, href?, onclick?}. */
export function errorSummary(items, { title = "There is a problem", id = null } = {}) {
  return h("div", { class: "govuk-error-summary", id, "data-module": "govuk-error-summary", tabindex: "-1" },
    h("div", { role: "alert" },
      h("h2", { class: "govuk-error-summary__title" }, title),
      h("div", { class: "govuk-error-summary__body" },
        h("ul", { class: "govuk-list govuk-error-summary__list" },
          items.map((item) => h("li", {},
            item.href ? h("a", { href: item.href, onclick: item.onclick || null }, item.text) : item.text))))));
}

// One helper to build the page's own markup (toolbar, problems list, download link).

/** el('a', {href, text, onclick}, children): `text` sets the text, `on…` adds a listener. */
export function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of [].concat(children)) {
    node.append(child);
  }
  return node;
}

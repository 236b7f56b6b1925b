// JSON calls to the site's API, as CONTRACT.md asks: the page's CSRF token, same-origin
// credentials, and the answer's body parsed when it is JSON.

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

/** {status, ok, data}: data is the parsed JSON body, or null when there is none. */
export async function callJson(url, method = "GET", body = undefined) {
  const headers = { Accept: "application/json", "X-CSRF-Token": csrfToken() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { status: response.status, ok: response.ok, data };
}

// A diagram's XML from this site (the version and draft endpoints answer application/xml).
export async function fetchXml(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/xml' } });
  if (!response.ok) {
    throw new Error(`${response.status} ${response.statusText}`);
  }
  return response.text();
}

// A diagram's XML from this site (the version and draft endpoints answer application/xml).
export async function fetchXml(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/xml, text/xml, application/json' } });
  if (!response.ok) {
    throw new Error(`${response.status} ${response.statusText}`);
  }
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    const data = await response.json();
    return data.xml || data.bpmn || '';
  }
  return response.text();
}

// A field's name in data: the names scripts and conditions use.

export const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** "Grounds for default" -> "grounds_for_default" (a valid name in data, or "" if none can be made). */
export function nameFromLabel(label) {
  const name = String(label || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "")
    .slice(0, 60).replace(/_+$/, "");
  return /^[a-z]/.test(name) ? name : "";
}

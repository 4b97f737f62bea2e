// The office tree of the staff pages: offices in scope, parent first (pickers, the admin's tree).
import { esc } from "./format.js";

/** The offices by parent id, each list by name; an office whose parent is out of scope is a root (key null). */
export function officeChildren(offices) {
  const ids = new Set(offices.map((office) => office.id));
  const children = new Map();
  for (const office of offices) {
    const parent = ids.has(office.parent_id) ? office.parent_id : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(office);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, "vi"));
  return children;
}

/** Offices ordered parent first, each with its depth in the tree. */
export function officeTree(offices) {
  const children = officeChildren(offices);
  const ordered = [];
  const visit = (parent, depth) => {
    for (const office of children.get(parent) || []) {
      ordered.push({ ...office, depth, hasChildren: children.has(office.id) });
      visit(office.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/** <option>s of the tree, indented with non-breaking spaces. */
export function officeOptions(offices, selectedId) {
  return officeTree(offices)
    .map(
      (office) =>
        `<option value="${office.id}"${office.id === selectedId ? " selected" : ""}>${"\u00a0\u00a0\u00a0".repeat(office.depth)}${esc(office.name)}</option>`,
    )
    .join("");
}

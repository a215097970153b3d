// A tidy layout for a tree of who copied whom: depth gives the row, leaves
// take the columns left to right in order, and a parent sits centred over
// its first and last child. Linear in the number of nodes. A forest is laid
// out tree after tree; nodes whose parent chain loops or leaves the set are
// treated as roots, so every node is placed exactly once.

// `items`: [{key, parentKey}] (parentKey null for a root); `compare` orders
// siblings. Returns {positions: Map key -> {column, depth}, columns, depth}.
export function layoutTree(items, compare = () => 0) {
  const byKey = new Map(items.map((item) => [item.key, item]));
  const children = new Map(items.map((item) => [item.key, []]));
  for (const item of items) {
    if (item.parentKey != null && byKey.has(item.parentKey) && item.parentKey !== item.key) {
      children.get(item.parentKey).push(item);
    }
  }
  for (const list of children.values()) list.sort(compare);

  const positions = new Map();
  let nextColumn = 0;
  let maxDepth = 0;
  const place = (item, depth) => {
    positions.set(item.key, { column: 0, depth });  // placed before its children: cycles stop here
    maxDepth = Math.max(maxDepth, depth);
    const kids = children.get(item.key).filter((kid) => !positions.has(kid.key));
    let column;
    if (kids.length === 0) {
      column = nextColumn;
      nextColumn += 1;
    } else {
      kids.forEach((kid) => place(kid, depth + 1));
      column = (positions.get(kids[0].key).column + positions.get(kids[kids.length - 1].key).column) / 2;
    }
    positions.get(item.key).column = column;
  };

  const roots = items.filter((item) => item.parentKey == null || !byKey.has(item.parentKey)).sort(compare);
  roots.forEach((root) => place(root, 0));
  for (const item of items) {
    if (!positions.has(item.key)) place(item, 0);  // in a loop of parents
  }
  return { positions, columns: nextColumn, depth: maxDepth };
}

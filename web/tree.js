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

// The tree with collapsed subtrees left out: `collapsed` is a Set of keys
// whose descendants are hidden (the collapsed node itself stays). Returns the
// items still shown and, for every item with children, how many descendants
// it has, so that a collapsed node can say how many it hides.
export function visibleItems(items, collapsed) {
  const byKey = new Map(items.map((item) => [item.key, item]));
  const childrenOf = new Map();
  for (const item of items) {
    if (item.parentKey == null || !byKey.has(item.parentKey) || item.parentKey === item.key) continue;
    if (!childrenOf.has(item.parentKey)) childrenOf.set(item.parentKey, []);
    childrenOf.get(item.parentKey).push(item.key);
  }
  const descendants = new Map();
  const hidden = new Set();
  const visit = (key, isHidden, path) => {
    if (path.has(key)) return 0;  // a loop of parents: counted once
    path.add(key);
    if (isHidden) hidden.add(key);
    let count = 0;
    for (const child of childrenOf.get(key) ?? []) {
      count += 1 + visit(child, isHidden || collapsed.has(key), path);
    }
    if (childrenOf.has(key)) descendants.set(key, count);
    return count;
  };
  const path = new Set();
  for (const item of items) {
    const isRoot = item.parentKey == null || !byKey.has(item.parentKey) || item.parentKey === item.key;
    if (isRoot) visit(item.key, false, path);
  }
  return { items: items.filter((item) => !hidden.has(item.key)), descendants };
}

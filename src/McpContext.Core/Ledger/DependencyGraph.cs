namespace McpContext.Core.Ledger;

/// <summary>The depends_on graph: which tasks are in cycles, and whether a new edge set would close one.</summary>
internal static class DependencyGraph
{
    /// <summary>
    /// Every cycle, as the list of ids around it (Tarjan's strongly connected components, iterative so a
    /// long chain of tasks cannot overflow the stack). A task depending on itself is a cycle of one.
    /// </summary>
    public static List<List<string>> Cycles(IReadOnlyDictionary<string, IReadOnlyList<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var low = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var onStack = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stack = new Stack<string>();
        var cycles = new List<List<string>>();
        var next = 0;
        foreach (var root in edges.Keys)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(string Node, int Child)>();
            work.Push((root, 0));
            index[root] = low[root] = next++;
            stack.Push(root);
            onStack.Add(root);
            while (work.Count > 0)
            {
                var (node, child) = work.Pop();
                var targets = edges.TryGetValue(node, out var t) ? t : [];
                if (child < targets.Count)
                {
                    work.Push((node, child + 1));
                    var target = targets[child];
                    if (!edges.ContainsKey(target))
                    {
                        continue;
                    }

                    if (!index.ContainsKey(target))
                    {
                        index[target] = low[target] = next++;
                        stack.Push(target);
                        onStack.Add(target);
                        work.Push((target, 0));
                    }
                    else if (onStack.Contains(target) && index.TryGetValue(target, out var targetIndex))
                    {
                        low[node] = Math.Min(low[node], targetIndex);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (!string.Equals(member, node, StringComparison.OrdinalIgnoreCase));

                    if (component.Count > 1 || targets.Contains(node, StringComparer.OrdinalIgnoreCase))
                    {
                        component.Reverse();
                        cycles.Add(component);
                    }
                }
            }
        }

        return cycles;
    }

    /// <summary>A path from <paramref name="start"/> back to itself, or null: used to refuse a new task that would close a cycle.</summary>
    public static List<string>? CycleThrough(string start, IReadOnlyDictionary<string, IReadOnlyList<string>> edges)
    {
        var parent = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { start };
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var target in edges.TryGetValue(node, out var t) ? t : [])
            {
                if (string.Equals(target, start, StringComparison.OrdinalIgnoreCase))
                {
                    var path = new List<string> { start };
                    for (var at = node; !string.Equals(at, start, StringComparison.OrdinalIgnoreCase); at = parent[at])
                    {
                        path.Insert(1, at);
                    }

                    path.Add(start);
                    return path;
                }

                if (seen.Add(target))
                {
                    parent[target] = node;
                    queue.Enqueue(target);
                }
            }
        }

        return null;
    }
}

package dev.aiprov.graph.lineage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Strongly connected components (Kosaraju, iterative): an edge inside one component lies on a cycle. */
final class Cycles {
    private Cycles() {
    }

    /** Component number of every node that appears in {@code edges} (pairs from → to). */
    static Map<String, Integer> components(List<String[]> edges) {
        Map<String, List<String>> fwd = new HashMap<>();
        Map<String, List<String>> rev = new HashMap<>();
        for (String[] e : edges) {
            fwd.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
            fwd.computeIfAbsent(e[1], k -> new ArrayList<>());
            rev.computeIfAbsent(e[1], k -> new ArrayList<>()).add(e[0]);
            rev.computeIfAbsent(e[0], k -> new ArrayList<>());
        }
        List<String> order = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (String start : fwd.keySet()) {
            if (seen.containsKey(start)) continue;
            Deque<Object[]> stack = new ArrayDeque<>();
            stack.push(new Object[]{start, 0});
            seen.put(start, true);
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                String n = (String) top[0];
                int i = (Integer) top[1];
                List<String> next = fwd.get(n);
                if (i < next.size()) {
                    top[1] = i + 1;
                    String m = next.get(i);
                    if (!seen.containsKey(m)) {
                        seen.put(m, true);
                        stack.push(new Object[]{m, 0});
                    }
                } else {
                    stack.pop();
                    order.add(n);
                }
            }
        }
        Map<String, Integer> comp = new HashMap<>();
        int c = 0;
        for (int k = order.size() - 1; k >= 0; k--) {
            String start = order.get(k);
            if (comp.containsKey(start)) continue;
            Deque<String> stack = new ArrayDeque<>();
            stack.push(start);
            comp.put(start, c);
            while (!stack.isEmpty()) {
                String n = stack.pop();
                for (String m : rev.get(n)) {
                    if (!comp.containsKey(m)) {
                        comp.put(m, c);
                        stack.push(m);
                    }
                }
            }
            c++;
        }
        return comp;
    }
}

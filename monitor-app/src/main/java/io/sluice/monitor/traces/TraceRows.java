package io.sluice.monitor.traces;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ObservableListBase;

/**
 * The table's list, read-only to everyone but its view model, with the two changes a live list
 * makes. {@link #prepend} puts new rows on top and drops the oldest beyond the bound as ONE change
 * made of an addition and a removal, not a replacement: a TableView shifts its selection and
 * reuses its cells for that, where {@code setAll} makes it rebuild every cell and repaint the
 * whole window on the following pulse (measured: twice the rendering per drain on the software
 * pipeline). For the same reason a drain that brings more new rows than the bound keeps one
 * row from before (the oldest shown is then one drain older than the rest): a change that removes
 * every row also makes the table rebuild. {@link #replace} is for filter changes, which are rare.
 */
final class TraceRows<E> extends ObservableListBase<E> {

    private final ArrayList<E> items = new ArrayList<>();

    @Override
    public E get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    /** Adds {@code newestFirst} at the top and removes the rows beyond {@code max} from the bottom, in one change. */
    void prepend(List<E> newestFirst, int max) {
        if (newestFirst.isEmpty()) {
            return;
        }
        // never every row at once: a change that removes all rows makes the table rebuild its cells
        int most = items.isEmpty() || max == 1 ? max : max - 1;
        List<E> add = newestFirst.size() > most ? newestFirst.subList(0, most) : newestFirst;
        beginChange();
        try {
            int overflow = items.size() + add.size() - max;
            if (overflow > 0) {
                int from = items.size() - overflow;
                List<E> tail = items.subList(from, items.size());
                List<E> removed = new ArrayList<>(tail);
                tail.clear();
                nextRemove(from, removed);
            }
            items.addAll(0, add);
            nextAdd(0, add.size());
        } finally {
            endChange();
        }
    }

    /** Replaces every row, in one change. */
    void replace(List<E> all) {
        if (all.isEmpty() && items.isEmpty()) {
            return;
        }
        beginChange();
        try {
            List<E> old = new ArrayList<>(items);
            items.clear();
            items.addAll(all);
            if (old.isEmpty()) {
                nextAdd(0, items.size());
            } else if (items.isEmpty()) {
                nextRemove(0, old);
            } else {
                nextReplace(0, items.size(), old);
            }
        } finally {
            endChange();
        }
    }
}

package awards.bench;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: what every benchmark prints. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    /** Print each row as it comes, for benchmarks whose phases take minutes. */
    boolean progress;

    Table(String... header) {
        rows.add(header);
    }

    void row(Object... cells) {
        if (progress) {
            System.out.println("  " + String.join(" | ", java.util.Arrays.stream(cells).map(String::valueOf).toList()));
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
    }

    void print(String title) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        System.out.println();
        System.out.println(title);
        for (int n = 0; n < rows.size(); n++) {
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < width.length; i++) {
                line.append(String.format("%-" + width[i] + "s | ", rows.get(n)[i]));
            }
            System.out.println(line.toString().stripTrailing());
            if (n == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int w : width) {
                    rule.append("-".repeat(w + 2)).append("|");
                }
                System.out.println(rule);
            }
        }
    }

    /** The peak resident set of this process, from /proc (kB), or -1 where there is no /proc. */
    static long peakRssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    static String mb(long bytes) {
        return String.format("%.0f MB", bytes / 1024.0 / 1024.0);
    }
}

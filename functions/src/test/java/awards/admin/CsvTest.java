package awards.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void cellsThatASpreadsheetWouldRun_areDefused() {
        assertThat(Csv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(Csv.cell("+44 20")).isEqualTo("\"'+44 20\"");
    }

    @Test
    void formulasBehindWhatASpreadsheetSkips_areDefusedToo() {
        // Issue 11: a leading no-break space, zero-width space or a full-width sign passed the first-character check.
        assertThat(Csv.cell("\u00a0=1+1")).isEqualTo("\"'\u00a0=1+1\"");
        assertThat(Csv.cell("\u200b=1+1")).isEqualTo("\"'\u200b=1+1\"");
        assertThat(Csv.cell("\uff1dSUM(A1)")).isEqualTo("\"'\uff1dSUM(A1)\"");
        assertThat(Csv.cell(" \uff20x")).isEqualTo("\"' \uff20x\"");
        assertThat(Csv.cell("\tx")).isEqualTo("\"'\tx\"");
        assertThat(Csv.cell("Social mobility = good")).isEqualTo("Social mobility = good");
        assertThat(Csv.cell("\u00a0")).isEqualTo("\u00a0");
    }

    @Test
    void rows_quoteCommasQuotesAndBreaks() {
        assertThat(Csv.row(List.of("a,b", "say \"hi\"", "plain"))).isEqualTo("\"a,b\",\"say \"\"hi\"\"\",plain\r\n");
    }
}

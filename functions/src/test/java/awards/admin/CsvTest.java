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
    void rows_quoteCommasQuotesAndBreaks() {
        assertThat(Csv.row(List.of("a,b", "say \"hi\"", "plain"))).isEqualTo("\"a,b\",\"say \"\"hi\"\"\",plain\r\n");
    }
}

package dev.deepfake4j.cli.report;

/**
 * The report's inline style sheet and script, and its content-security policy: nothing may load from anywhere
 * (images are {@code data:} URIs, style and script are inline), so a page that tried would log a CSP error.
 */
final class ReportStyle {
    /** Forbids every external resource: a browser logs any attempt as an error. */
    static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            + "script-src 'unsafe-inline'";

    static final String CSS = """
            body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
            section{background:#fff;border:1px solid #ddd;border-radius:8px;padding:16px;margin-bottom:24px}
            section.wrong{border-left:6px solid #c62828}section.right{border-left:6px solid #2e7d32}
            h1{font-size:20px}h2{font-size:16px;margin:0 0 8px;word-break:break-all}h3{font-size:14px;margin:12px 0 4px}
            .verdict,.truth{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;margin-right:8px}
            .verdict{color:#fff}.verdict.FAKE{background:#c62828}.verdict.REAL{background:#2e7d32}
            .verdict.UNKNOWN{background:#9e9e9e}.verdict.ERROR{background:#555}
            .truth{border:2px solid #888;color:#333;background:#fff}.truth.FAKE{border-color:#c62828}
            .truth.REAL{border-color:#2e7d32}
            .mark{font-weight:700;margin-right:8px}.mark.right{color:#2e7d32}.mark.wrong{color:#c62828}
            .key{font-weight:400}
            .FAKE-text{color:#c62828}.REAL-text{color:#2e7d32}.UNKNOWN-text{color:#9e9e9e}
            .row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
            table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}caption{font-size:12px;color:#666}
            td.hit{background:#e8f5e9}td.miss{background:#ffebee}td.unknown{background:#f0f0f0}
            .bar{display:inline-block;height:10px;background:#c62828;margin-right:6px;vertical-align:middle}
            svg.chart{background:#fff}svg.chart .grid{stroke:#eee}svg.chart .frame{fill:none;stroke:#999}
            svg.chart .diag{stroke:#bbb;stroke-dasharray:4 3}svg.chart text{font-size:11px;fill:#444}
            svg.chart .ct{font-size:13px;font-weight:600}
            svg.chart .series{fill:none;stroke-width:2}svg.chart .raw{stroke:#ef6c00;stroke-dasharray:6 3}
            svg.chart .cal{stroke:#1565c0;stroke-width:3}svg.chart .dot.raw{fill:#ef6c00;fill-opacity:.5}
            svg.chart .dot.cal{fill:#1565c0;fill-opacity:.5}
            .track{margin-top:10px}
            .strip{display:flex;flex-wrap:wrap;gap:2px;margin:4px 0}
            .cell{width:34px;text-align:center}.cell .p{height:20px;font-size:10px;line-height:20px;color:#111}
            .cell .idx{font-size:10px;color:#777}
            .crops,.maps,.frames{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
            img.crop{border:3px solid #ccc;border-radius:4px;display:block}
            figure{margin:0}figcaption{font-size:11px;color:#555;text-align:center;max-width:240px}
            .stack{position:relative}.stack svg{position:absolute;left:0;top:0}
            .map .stack{display:inline-block}.map .stack svg{left:3px;top:3px}
            body.hide-maps .maps{display:none}
            .note{font-size:13px;margin:4px 0;color:#333}.meta{color:#666;font-size:12px}.warn{color:#a15c00;font-size:12px}.cost{color:#6a1b9a}
            .controls{margin-bottom:16px;font-size:13px}.controls label{margin-right:16px}
            """;

    /** Two filters (only wrong verdicts; maps on or off); marks the body once it ran, for browser tests. */
    static final String SCRIPT = """
            (function () {
              var cards = document.querySelectorAll('section.video');
              var wrong = document.getElementById('only-wrong');
              var maps = document.getElementById('show-maps');
              wrong.addEventListener('change', function () {
                cards.forEach(function (c) { c.hidden = wrong.checked && !c.classList.contains('wrong'); });
              });
              maps.addEventListener('change', function () {
                document.body.classList.toggle('hide-maps', !maps.checked);
              });
              document.body.setAttribute('data-cards', String(cards.length));
            })();
            """;

    private ReportStyle() {
    }
}

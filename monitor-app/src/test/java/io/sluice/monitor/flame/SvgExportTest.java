package io.sluice.monitor.flame;

import static io.sluice.monitor.flame.Trees.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.FlameNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgExportTest {

    @Test
    void aWellFormedDocumentWithATitlePerDrawnFrame() throws Exception {
        FlameNode root = node("all", 0, Trees.sample(), node("Foo.<init>", 50), node("tiny & \"quoted\"", 1));
        FlameLayout layout = FlameLayout.of(root, List.of(), 0, FlameSearch.matcher("send"));
        int width = 400; // 1 of 151 is 2.6 px: drawn; nothing is narrower here

        Document doc = parse(SvgExport.svg(layout, width, "node-1 · cpu <test>", "samples"));

        Element svg = doc.getDocumentElement();
        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getAttribute("width")).isEqualTo("400");
        List<Element> groups = elements(svg.getElementsByTagNameNS("*", "g"));
        long drawn = layout.frames().stream().filter(f -> f.visibleAt(width)).count();
        assertThat(groups).hasSize((int) drawn).hasSize(layout.frames().size());
        List<String> titles = new ArrayList<>();
        for (Element g : groups) {
            titles.add(elements(g.getElementsByTagNameNS("*", "title")).getFirst().getTextContent());
        }
        assertThat(titles).contains("Foo.<init> — 50 samples (33.1 %)", "tiny & \"quoted\" — 1 samples (0.7 %)");
        String matchFill = FlamePalette.hex(FlamePalette.MATCH);
        assertThat(groups).filteredOn(g -> elements(g.getElementsByTagNameNS("*", "rect")).getFirst()
                .getAttribute("fill").equals(matchFill)).hasSize(1);
    }

    @Test
    void framesNarrowerThanAPixelAreNotInTheDocument() throws Exception {
        FlameNode root = node("all", 0, node("wide", 999), node("narrow", 1));
        FlameLayout layout = FlameLayout.of(root, List.of(), 0, null);

        Document doc = parse(SvgExport.svg(layout, 500, "x", "bytes"));

        List<String> titles = elements(doc.getElementsByTagNameNS("*", "g")).stream()
                .map(g -> g.getTextContent().toLowerCase(Locale.ROOT)).toList();
        assertThat(titles).hasSize(2).noneMatch(t -> t.startsWith("narrow"));
        assertThat(titles).anyMatch(t -> t.startsWith("wide — 999 bytes (99.9 %)"));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }
}

package dev.runbook.decisions.ui;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What a DMN file decides, without how it is written: every item definition and DRG element by kind and name, as a
 * canonical text of its DMN elements, attributes and texts. Left out: ids and references by id (editors renumber
 * them), the DMN namespace version (the KIE editor saves 1.3 files as 1.6), diagram (DMNDI) and vendor extensions,
 * whitespace, and the one default an editor may spell out or drop (hitPolicy UNIQUE).
 */
final class DmnLogic {

    private static final String DMN_NAMESPACE_PREFIX = "https://www.omg.org/spec/DMN/";
    private static final List<String> IGNORED_ATTRIBUTES = List.of("id", "href", "label", "typeLanguage", "expressionLanguage");

    private DmnLogic() {
    }

    static Map<String, String> of(byte[] dmn) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element definitions = factory.newDocumentBuilder().parse(new ByteArrayInputStream(dmn)).getDocumentElement();
            Map<String, String> logic = new TreeMap<>();
            for (Element element : dmnChildren(definitions)) {
                if (!element.getLocalName().equals("DMNDI")) {
                    logic.put(element.getLocalName() + " " + element.getAttribute("name"), canonical(element));
                }
            }
            return logic;
        } catch (Exception e) {
            throw new IllegalStateException("not a readable DMN document", e);
        }
    }

    private static List<Element> dmnChildren(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getNamespaceURI() != null
                    && element.getNamespaceURI().startsWith(DMN_NAMESPACE_PREFIX) && !element.getLocalName().equals("extensionElements")) {
                children.add(element);
            }
        }
        return children;
    }

    private static String canonical(Element element) {
        StringBuilder text = new StringBuilder(element.getLocalName());
        Map<String, String> attributes = new TreeMap<>();
        NamedNodeMap all = element.getAttributes();
        for (int i = 0; i < all.getLength(); i++) {
            Attr attribute = (Attr) all.item(i);
            String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
            if (attribute.getNamespaceURI() == null && !IGNORED_ATTRIBUTES.contains(name)) {
                attributes.put(name, attribute.getValue());
            }
        }
        if (element.getLocalName().equals("decisionTable")) {
            attributes.putIfAbsent("hitPolicy", "UNIQUE");
        }
        text.append(attributes);
        List<Element> children = dmnChildren(element);
        if (children.isEmpty()) {
            text.append('"').append(element.getTextContent().strip().replaceAll("\\s+", " ")).append('"');
        }
        children.forEach(child -> text.append('(').append(canonical(child)).append(')'));
        return text.toString();
    }
}

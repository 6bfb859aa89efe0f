package dev.runbook.decisions.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The gate every XML document (a DMN model) passes before anything else parses it: a parser with DTDs, external
 * entities and XInclude off refuses any DOCTYPE, so neither an XXE file read nor a billion-laughs expansion can happen
 * downstream, whatever that parser's own settings are.
 */
public final class SafeXml {

    private SafeXml() {
    }

    /** The parsed document, for callers that read it further; refused like {@link #check}. */
    public static Document parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw refused("request body is empty: send a DMN 1.x XML document");
        }
        try {
            return builder().parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw refused("not accepted at line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw refused("not readable XML: " + e.getMessage());
        }
    }

    public static void check(byte[] xml) {
        parse(xml);
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The XML parser cannot be hardened", e);
        }
    }

    private static InvalidInputException refused(String message) {
        return new InvalidInputException("The DMN document is refused", List.of(new FieldError("$", message)));
    }
}

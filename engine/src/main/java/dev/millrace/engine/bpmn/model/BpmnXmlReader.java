package dev.millrace.engine.bpmn.model;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads BPMN XML. It first validates against the BPMN 2.0 schema with the JDK's validator, which
 * reports line and column for every problem (the model parser only gives a line), then builds the
 * model with zeebe-bpmn-model.
 */
final class BpmnXmlReader {

  private static final int MAX_REPORTED_PROBLEMS = 10;
  private static final Schema SCHEMA = loadSchema();

  private BpmnXmlReader() {}

  private static Schema loadSchema() {
    try {
      var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      var url = Bpmn.class.getClassLoader().getResource("BPMN20.xsd");
      if (url == null) {
        throw new IllegalStateException("BPMN20.xsd is not on the classpath (zeebe-bpmn-model)");
      }
      return factory.newSchema(url);
    } catch (SAXException e) {
      throw new IllegalStateException("cannot load the BPMN 2.0 schema", e);
    }
  }

  static BpmnModelInstance read(String resourceName, byte[] xml) {
    List<String> problems = validate(xml);
    if (!problems.isEmpty()) {
      throw new DeploymentRejection(
          "'"
              + resourceName
              + "': the XML is not valid BPMN 2.0:\n- "
              + String.join("\n- ", problems));
    }
    try {
      return Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new DeploymentRejection(
          "'" + resourceName + "': the XML cannot be read as BPMN: " + cause.getMessage());
    }
  }

  private static List<String> validate(byte[] xml) {
    List<String> problems = new ArrayList<>();
    var validator = SCHEMA.newValidator();
    try {
      // No DTDs and no external entities: deployments come from the network.
      validator.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (SAXException e) {
      throw new IllegalStateException("cannot secure the XML validator", e);
    }
    validator.setErrorHandler(
        new ErrorHandler() {
          @Override
          public void warning(SAXParseException e) {}

          @Override
          public void error(SAXParseException e) {
            add(e);
          }

          @Override
          public void fatalError(SAXParseException e) throws SAXException {
            add(e);
            throw e;
          }

          private void add(SAXParseException e) {
            if (problems.size() < MAX_REPORTED_PROBLEMS) {
              problems.add(
                  "line "
                      + e.getLineNumber()
                      + ", column "
                      + e.getColumnNumber()
                      + ": "
                      + e.getMessage());
            }
          }
        });
    try {
      validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
    } catch (SAXParseException e) {
      // already recorded by the error handler
    } catch (SAXException | IOException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }
}

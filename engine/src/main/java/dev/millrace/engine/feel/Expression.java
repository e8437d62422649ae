package dev.millrace.engine.feel;

import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * A BPMN attribute value as Zeebe reads it: text starting with {@code =} is a FEEL expression,
 * anything else is a static value taken literally.
 */
public sealed interface Expression {

  /** The attribute text as written in the BPMN (with its leading {@code =} for FEEL). */
  String text();

  /** A literal value. */
  record Static(String text) implements Expression {}

  /** A FEEL expression, parsed once at deployment. */
  record Feel(String text, ParsedExpression parsed) implements Expression {}
}

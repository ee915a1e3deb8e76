// engine/partiql/parser.h
//
// DynamoDB's PartiQL, parsed. The statements it accepts:
//
//   statement := select | insert | update | delete | EXISTS '(' select ')'  [';']
//   select    := SELECT ('*' | path (',' path)*) FROM table ['.' index]
//                [WHERE expr] [ORDER BY path [ASC | DESC] (',' path [ASC | DESC])*]
//   insert    := INSERT INTO table VALUE expr
//   update    := UPDATE table (SET path '=' expr (',' path '=' expr)* | REMOVE path)+
//                WHERE expr [RETURNING (ALL | MODIFIED) (OLD | NEW) '*']
//   delete    := DELETE FROM table WHERE expr [RETURNING ALL OLD '*']
//   table     := "quoted" | bare
//   path      := name ('.' name | '[' digits ']')*
//   expr      := disjunct (OR disjunct)*          disjunct := conjunct (AND conjunct)*
//   conjunct  := NOT conjunct | predicate
//   predicate := sum [(= | <> | != | < | <= | > | >=) sum | [NOT] BETWEEN sum AND sum
//                | [NOT] IN '(' expr (',' expr)* ')' | IN '[' ... ']'
//                | IS [NOT] (MISSING | NULL)]
//   sum       := primary (('+' | '-') primary)*
//   primary   := 'string' | number | TRUE | FALSE | NULL | '?' | path
//                | name '(' [expr (',' expr)*] ')' | '(' expr ')'
//                | '{' ['string' ':' expr (',' ...)*] '}' | '[' [expr (',' expr)*] ']'
//                | '<<' [expr (',' expr)*] '>>'
//
// Keywords are case-insensitive; quoted names keep their case; '' inside a
// string and "" inside a quoted name stand for one quote.
#pragma once

#include <string_view>

#include "engine/partiql/ast.h"
#include "model/error.h"

namespace ddb::partiql {

// The statement, or the ValidationException DynamoDB gives for its text.
Result<Statement> Parse(std::string_view text);

}  // namespace ddb::partiql

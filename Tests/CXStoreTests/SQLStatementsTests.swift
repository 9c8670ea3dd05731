@testable import CXStore
import Testing

@Suite("Splitting migration SQL")
struct SQLStatementsTests {
    @Test("semicolons in strings, identifiers, comments and dollar quotes do not split")
    func split() {
        let sql = """
            -- header; comment
            CREATE TABLE "a;b" (x text DEFAULT 'it''s; fine');
            /* block; comment */ INSERT INTO "a;b" VALUES ('1');
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            SELECT $$a;b$$
            """
        #expect(SQLStatements.split(sql) == [
            #"CREATE TABLE "a;b" (x text DEFAULT 'it''s; fine')"#,
            #"INSERT INTO "a;b" VALUES ('1')"#,
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
            "SELECT $$a;b$$",
        ])
    }
}

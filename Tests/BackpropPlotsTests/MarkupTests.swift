import Testing
@testable import BackpropPlots

@Suite("Markup escaping")
struct MarkupTests {
    @Test("The five XML special characters become character references")
    func specialCharacters() {
        #expect(Markup.escape(#"a < b & c > "d" 'e'"#) == "a &lt; b &amp; c &gt; &quot;d&quot; &#39;e&#39;")
    }

    @Test("Characters XML 1.0 forbids become U+FFFD, while tab, newline and Unicode text stay")
    func forbiddenCharacters() {
        #expect(Markup.escape("J\u{0}\u{1B}[0m") == "J\u{FFFD}\u{FFFD}[0m")
        #expect(Markup.escape("σ = ½ e²\tδ\n") == "σ = ½ e²\tδ\n")
    }

    @Test("An already escaped entity is escaped again, so it shows literally")
    func doubleEscaping() {
        #expect(Markup.escape("&amp;") == "&amp;amp;")
    }
}

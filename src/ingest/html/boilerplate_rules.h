// The rules that tell article text from page furniture, kept in one place so that
// they can be read, argued about and tuned together (see article_extractor.h for
// how they are used).
//
// Three strengths of evidence:
//   - dropped always: elements that never hold article prose (script, style,
//     forms' controls, media, figures and their captions) and hidden ones;
//   - boilerplate by nature: <nav>, <header>, <footer>, <aside>, <form>, ARIA
//     landmarks such as role=navigation, and elements whose class or id names
//     page furniture (comments, share bars, related links, newsletter prompts...);
//     dropped unless they turn out to hold the article (the caller decides);
//   - article by name: itemprop=articleBody and class or id names such as
//     "story-body" or "entry-content".
// All functions are pure and thread-safe.
#ifndef STEMMA_INGEST_HTML_BOILERPLATE_RULES_H_
#define STEMMA_INGEST_HTML_BOILERPLATE_RULES_H_

#include <gumbo.h>

#include <string_view>

namespace stemma::ingest::html {

// Elements whose whole subtree is never article text.
bool IsAlwaysDropped(const GumboNode* element);

// Elements that look like page furniture: by tag, ARIA role, or class/id names.
bool LooksLikeBoilerplate(const GumboNode* element);

// Elements named as the article's body (itemprop=articleBody, class "article-body"...).
bool LooksLikeArticleBody(const GumboNode* element);

// A quoted social-media post (blockquote.twitter-tweet, .instagram-media): article content,
// even inside a wrapper named "social-embed".
bool IsEmbeddedPost(const GumboNode* element);

// Elements that end the text run they appear in (p, div, li, h1-h6, td, br...).
bool IsBlockLevel(GumboTag tag);

// -25, 0 or +25: the class/id weight used when scoring a candidate container.
int ClassWeight(const GumboNode* element);

// A short line that is furniture whatever its container: "Advertisement",
// "Share this article", "Read more", "Sign up for our newsletter"...
bool IsBoilerplateLine(std::string_view text);

}  // namespace stemma::ingest::html

#endif  // STEMMA_INGEST_HTML_BOILERPLATE_RULES_H_

// The access token of a corpus: the secret that writes through `stemma serve`
// must present. It lives in DIR/ACCESS_TOKEN, readable by its owner only
// (mode 0600), so that anyone who may write the corpus's files may also
// write through the server, and nobody else.
#ifndef STEMMA_SERVER_ACCESS_TOKEN_H_
#define STEMMA_SERVER_ACCESS_TOKEN_H_

#include <string>

#include "stemma/status.h"

namespace stemma::server {

// Makes DIR/ACCESS_TOKEN with a new random token (64 hex digits from the
// kernel's random source); AlreadyExists-like InvalidArgument if it exists.
Status WriteNewAccessToken(const std::string& dir);

// The token, made first if the corpus has none. A token file that others
// may read is refused: the secret may have leaked.
Result<std::string> ReadOrMakeAccessToken(const std::string& dir);

}  // namespace stemma::server

#endif  // STEMMA_SERVER_ACCESS_TOKEN_H_

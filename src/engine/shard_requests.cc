#include "engine/shard_requests.h"

#include <algorithm>
#include <utility>

#include "common/wire.h"
#include "engine/disk_corpus.h"

namespace stemma::engine {
namespace {

using wire::Append;
using wire::AppendBytes;

Status BadAnswer(std::string_view what) {
  return Status::Corruption("a shard's answer to " + std::string(what) + " was cut short");
}

std::string Request(ShardMethod method) {
  std::string request;
  Append(kShardProtocol, &request);
  Append(method, &request);
  return request;
}

void AppendRecord(const store::DocumentRecord& record, std::string* out) {
  Append(record.id, out);
  for (const std::string* field : {&record.external_id, &record.url, &record.outlet, &record.title,
                                   &record.language, &record.sha256, &record.metadata_json}) {
    AppendBytes(*field, out);
  }
  Append(static_cast<uint8_t>(record.published_at.has_value()), out);
  AppendBytes(record.published_at.value_or(""), out);
  Append(record.byte_length, out);
  Append(record.run, out);
  Append(record.family, out);
  wire::AppendVector(record.boilerplate, out);
}

bool ReadString(wire::Reader& reader, std::string* value) {
  std::string_view bytes;
  if (!reader.ReadBytes(&bytes)) return false;
  value->assign(bytes);
  return true;
}

bool ReadRecord(wire::Reader& reader, store::DocumentRecord* record) {
  if (!reader.Read(&record->id)) return false;
  for (std::string* field : {&record->external_id, &record->url, &record->outlet, &record->title,
                             &record->language, &record->sha256, &record->metadata_json}) {
    if (!ReadString(reader, field)) return false;
  }
  uint8_t dated = 0;
  std::string published_at;
  if (!reader.Read(&dated) || !ReadString(reader, &published_at)) return false;
  if (dated != 0) record->published_at = std::move(published_at);
  return reader.Read(&record->byte_length) && reader.Read(&record->run) &&
         reader.Read(&record->family) && wire::ReadVector(reader, &record->boilerplate);
}

// ---- Answering -------------------------------------------------------------------

Result<std::string> AnswerHello(const ShardContents& shard) {
  std::string answer;
  const CorpusSettings& settings = shard.settings;
  Append(settings.shard, &answer);
  Append(settings.shards, &answer);
  Append(settings.fingerprint.ngram, &answer);
  Append(settings.fingerprint.window, &answer);
  Append(settings.max_document_frequency, &answer);
  return answer;
}

Result<std::string> AnswerPostings(wire::Reader& reader, const ShardContents& shard) {
  std::vector<uint64_t> hashes;
  if (!wire::ReadVector(reader, &hashes)) {
    return Status::InvalidArgument("a postings request was cut short");
  }
  const size_t kept = PostingsKept(shard.settings);
  std::string answer;
  std::vector<index::Posting> postings;
  std::vector<uint32_t> with_copies;
  for (uint64_t hash : hashes) {
    postings.clear();
    shard.index.Find(hash, &postings);
    if (postings.size() > kept) postings.resize(kept);
    wire::AppendVector(postings, &answer);
    for (const index::Posting& posting : postings) {
      if (std::binary_search(shard.with_copies.begin(), shard.with_copies.end(),
                             posting.document)) {
        with_copies.push_back(posting.document);
      }
    }
  }
  std::sort(with_copies.begin(), with_copies.end());
  with_copies.erase(std::unique(with_copies.begin(), with_copies.end()), with_copies.end());
  wire::AppendVector(with_copies, &answer);
  return answer;
}

Status AppendDocument(uint32_t id, const ShardContents& shard, std::string* answer) {
  Result<store::DocumentRecord> record = shard.catalogue.Document(id);
  if (record.status().code() == Status::Code::kNotFound) {
    Append(uint8_t{0}, answer);
    return Status::Ok();
  }
  if (!record.ok()) return record.status();
  STEMMA_ASSIGN_OR_RETURN(std::shared_ptr<const store::StoredText> stored,
                          shard.texts.Get(id, [&](uint32_t document) {
                            return shard.catalogue.TextWithCheckpoints(document);
                          }));
  Append(uint8_t{1}, answer);
  AppendRecord(*record, answer);
  AppendBytes(stored->text, answer);
  Append(stored->checkpoints.token_count, answer);
  wire::AppendVector(stored->checkpoints.offsets, answer);
  return Status::Ok();
}

Result<std::string> AnswerDocuments(wire::Reader& reader, const ShardContents& shard) {
  std::vector<uint32_t> ids;
  if (!wire::ReadVector(reader, &ids)) {
    return Status::InvalidArgument("a documents request was cut short");
  }
  std::string answer;
  for (uint32_t id : ids) STEMMA_RETURN_IF_ERROR(AppendDocument(id, shard, &answer));
  return answer;
}

Result<std::string> AnswerCopies(wire::Reader& reader, const ShardContents& shard) {
  std::vector<uint32_t> firsts;
  if (!wire::ReadVector(reader, &firsts)) {
    return Status::InvalidArgument("a copies request was cut short");
  }
  STEMMA_ASSIGN_OR_RETURN(const std::vector<std::vector<FamilyCopy>> families,
                          FamilyCopies(shard.catalogue, firsts));
  std::string answer;
  for (const std::vector<FamilyCopy>& copies : families) {
    Append(static_cast<uint64_t>(copies.size()), &answer);
    for (const FamilyCopy& copy : copies) {
      AppendRecord(copy.member, &answer);
      wire::AppendPassage(copy.link, &answer);
    }
  }
  return answer;
}

}  // namespace

std::string HelloRequest() { return Request(ShardMethod::kHello); }

std::string PostingsRequest(std::span<const uint64_t> hashes) {
  std::string request = Request(ShardMethod::kPostings);
  Append(static_cast<uint64_t>(hashes.size()), &request);
  wire::AppendAll(hashes, &request);
  return request;
}

std::string DocumentsRequest(std::span<const uint32_t> documents) {
  std::string request = Request(ShardMethod::kDocuments);
  Append(static_cast<uint64_t>(documents.size()), &request);
  wire::AppendAll(documents, &request);
  return request;
}

std::string CopiesRequest(std::span<const uint32_t> firsts) {
  std::string request = Request(ShardMethod::kCopies);
  Append(static_cast<uint64_t>(firsts.size()), &request);
  wire::AppendAll(firsts, &request);
  return request;
}

Result<ShardHello> ReadHelloAnswer(std::string_view answer) {
  wire::Reader reader(answer);
  ShardHello hello;
  CorpusSettings& settings = hello.settings;
  if (!reader.Read(&settings.shard) || !reader.Read(&settings.shards) ||
      !reader.Read(&settings.fingerprint.ngram) || !reader.Read(&settings.fingerprint.window) ||
      !reader.Read(&settings.max_document_frequency) || !reader.done()) {
    return BadAnswer("hello");
  }
  return hello;
}

Result<ShardPostings> ReadPostingsAnswer(std::string_view answer, size_t hashes) {
  wire::Reader reader(answer);
  ShardPostings postings;
  postings.lists.resize(hashes);
  for (std::vector<index::Posting>& list : postings.lists) {
    if (!wire::ReadVector(reader, &list)) return BadAnswer("a postings request");
  }
  if (!wire::ReadVector(reader, &postings.with_copies) || !reader.done()) {
    return BadAnswer("a postings request");
  }
  return postings;
}

Result<std::vector<std::optional<ShardDocument>>> ReadDocumentsAnswer(std::string_view answer,
                                                                      size_t documents) {
  wire::Reader reader(answer);
  std::vector<std::optional<ShardDocument>> read(documents);
  for (std::optional<ShardDocument>& slot : read) {
    uint8_t found = 0;
    if (!reader.Read(&found)) return BadAnswer("a documents request");
    if (found == 0) continue;
    ShardDocument document;
    if (!ReadRecord(reader, &document.record) || !ReadString(reader, &document.stored.text) ||
        !reader.Read(&document.stored.checkpoints.token_count) ||
        !wire::ReadVector(reader, &document.stored.checkpoints.offsets)) {
      return BadAnswer("a documents request");
    }
    // Checkpoints are byte offsets into the text (read as the catalogue reads them).
    for (uint32_t offset : document.stored.checkpoints.offsets) {
      if (offset > document.stored.text.size()) {
        return Status::Corruption(
            "a shard's answer to a documents request has token "
            "checkpoints past its text");
      }
    }
    slot = std::move(document);
  }
  if (!reader.done()) return BadAnswer("a documents request");
  return read;
}

Result<std::vector<std::vector<FamilyCopy>>> ReadCopiesAnswer(std::string_view answer,
                                                              size_t firsts) {
  wire::Reader reader(answer);
  std::vector<std::vector<FamilyCopy>> families(firsts);
  for (std::vector<FamilyCopy>& copies : families) {
    uint64_t count = 0;
    if (!reader.Read(&count)) return BadAnswer("a copies request");
    for (uint64_t index = 0; index < count; ++index) {
      FamilyCopy copy;
      if (!ReadRecord(reader, &copy.member) || !wire::ReadPassage(reader, &copy.link)) {
        return BadAnswer("a copies request");
      }
      copies.push_back(std::move(copy));
    }
  }
  if (!reader.done()) return BadAnswer("a copies request");
  return families;
}

Result<std::string> AnswerRequest(std::string_view request, ShardContents shard) {
  wire::Reader reader(request);
  uint32_t protocol = 0;
  ShardMethod method{};
  if (!reader.Read(&protocol) || !reader.Read(&method)) {
    return Status::InvalidArgument("a shard request was cut short");
  }
  if (protocol != kShardProtocol) {
    return Status::InvalidArgument("a shard request in protocol " + std::to_string(protocol) +
                                   "; this stemma speaks protocol " +
                                   std::to_string(kShardProtocol));
  }
  Result<std::string> answer = Status::InvalidArgument("an unknown shard request");
  switch (method) {
    case ShardMethod::kHello:
      answer = AnswerHello(shard);
      break;
    case ShardMethod::kPostings:
      answer = AnswerPostings(reader, shard);
      break;
    case ShardMethod::kDocuments:
      answer = AnswerDocuments(reader, shard);
      break;
    case ShardMethod::kCopies:
      answer = AnswerCopies(reader, shard);
      break;
  }
  if (answer.ok() && !reader.done()) {
    return Status::InvalidArgument("a shard request had bytes after its arguments");
  }
  return answer;
}

// ---- The shard's side -------------------------------------------------------------

Result<std::string> DiskCorpus::AnswerShardRequest(std::string_view request) {
  if (!settings_.is_shard()) {
    return Status::Unsupported(dir_ + " is a whole corpus, not a shard of a sharded corpus");
  }
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  auto answer = [&]() -> Result<std::string> {
    STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t>* with_copies, FamiliesWithCopies());
    return AnswerRequest(request, {settings_, *index_, *catalogue_, texts_, *with_copies});
  }();
  return EndSnapshot(std::move(answer));
}

// Called inside a snapshot; kept while no run commits (a shard never changes
// once split, so it is read once).
Result<const std::vector<uint32_t>*> DiskCorpus::FamiliesWithCopies() {
  if (with_copies_run_ == index_run_) return &with_copies_;
  STEMMA_ASSIGN_OR_RETURN(std::vector<store::DocumentStats> stats, catalogue_->AllDocumentStats());
  with_copies_.clear();
  for (const store::DocumentStats& document : stats) {
    if (document.family != 0 && document.family != document.id) {
      with_copies_.push_back(document.family);
    }
  }
  std::sort(with_copies_.begin(), with_copies_.end());
  with_copies_.erase(std::unique(with_copies_.begin(), with_copies_.end()), with_copies_.end());
  with_copies_run_ = index_run_;
  return &with_copies_;
}

}  // namespace stemma::engine

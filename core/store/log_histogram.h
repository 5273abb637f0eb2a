#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scriptorium::store {

/// A histogram with log-spaced buckets (each 10% wider than the last, from 0.01 to 10⁶), so
/// percentiles of TTFT and tokens/s are within ±5% of the exact value while a rollup row
/// stores only its non-empty buckets. Encoded as (bucket u8, count u32 LE) pairs. The smallest
/// and largest value added are kept too (as float32, encoded as the pairs (254, low) and
/// (255, high)), and percentiles never leave that range: one generation's p50 is its own
/// figure, the one the window and the CLI show, whether read raw or from a rollup.
class LogHistogram {
public:
    static constexpr int kBuckets = 200;

    static int bucketOf(double value);
    /// The geometric middle of a bucket: what percentiles report.
    static double valueOf(int bucket);

    void add(double value, std::uint32_t count = 1);
    /// Adds an encoded histogram; malformed trailing bytes are ignored.
    void merge(std::string_view encoded);
    /// Adds another histogram bucket by bucket (no encoding round trip).
    void merge(const LogHistogram &other);
    /// Samples in one bucket (0 outside 0..kBuckets-1).
    std::uint32_t countIn(int bucket) const;
    std::string encode() const;
    std::uint64_t count() const { return m_total; }
    /// Nearest-rank percentile (p in 0..1); nullopt when empty.
    std::optional<double> percentile(double p) const;

private:
    void widen(double low, double high);

    std::array<std::uint32_t, kBuckets> m_counts{};
    std::uint64_t m_total = 0;
    double m_low = 0; ///< the smallest value seen (a bucket's middle for encoded ones)
    double m_high = 0;
    bool m_hasRange = false;
};

} // namespace scriptorium::store

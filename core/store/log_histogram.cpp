#include "store/log_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace scriptorium::store {

namespace {
constexpr double kMin = 0.01;
constexpr double kGrowth = 1.1;
constexpr unsigned char kLowTag = 254; ///< not a bucket: the smallest value, float32 bits
constexpr unsigned char kHighTag = 255;

/// The value as the encoding keeps it, so a raw read and a rollup read agree to the bit.
double stored(double value)
{
    return static_cast<double>(static_cast<float>(value));
}

void put(std::string &out, unsigned char tag, std::uint32_t word)
{
    out.push_back(static_cast<char>(tag));
    for (int k = 0; k < 4; ++k) {
        out.push_back(static_cast<char>(word & 0xff));
        word >>= 8;
    }
}
} // namespace

int LogHistogram::bucketOf(double value)
{
    if (!(value > kMin))
        return 0;
    const int b = static_cast<int>(std::floor(std::log(value / kMin) / std::log(kGrowth)));
    return std::clamp(b, 0, kBuckets - 1);
}

double LogHistogram::valueOf(int bucket)
{
    return kMin * std::pow(kGrowth, bucket + 0.5);
}

void LogHistogram::widen(double low, double high)
{
    if (!std::isfinite(low) || !std::isfinite(high))
        return;
    low = stored(low);
    high = stored(high);
    m_low = m_hasRange ? std::min(m_low, low) : low;
    m_high = m_hasRange ? std::max(m_high, high) : high;
    m_hasRange = true;
}

void LogHistogram::add(double value, std::uint32_t count)
{
    m_counts[static_cast<std::size_t>(bucketOf(value))] += count;
    m_total += count;
    if (count > 0)
        widen(value, value);
}

void LogHistogram::merge(std::string_view encoded)
{
    std::optional<float> low;
    std::optional<float> high;
    double midLow = 0, midHigh = 0;
    bool any = false;
    for (std::size_t i = 0; i + 5 <= encoded.size(); i += 5) {
        const auto bucket = static_cast<unsigned char>(encoded[i]);
        std::uint32_t word = 0;
        for (int k = 3; k >= 0; --k)
            word = (word << 8)
                | static_cast<unsigned char>(encoded[i + 1 + static_cast<std::size_t>(k)]);
        if (bucket == kLowTag || bucket == kHighTag) {
            (bucket == kLowTag ? low : high) = std::bit_cast<float>(word);
        } else if (bucket < kBuckets && word > 0) {
            m_counts[bucket] += word;
            m_total += word;
            midLow = any ? std::min(midLow, valueOf(bucket)) : valueOf(bucket);
            midHigh = any ? std::max(midHigh, valueOf(bucket)) : valueOf(bucket);
            any = true;
        }
    }
    if (!any)
        return;
    // Rows written before the range was kept: the buckets' middles, as percentiles were.
    widen(low ? static_cast<double>(*low) : midLow, high ? static_cast<double>(*high) : midHigh);
}

void LogHistogram::merge(const LogHistogram &other)
{
    if (other.m_total == 0)
        return;
    for (std::size_t b = 0; b < m_counts.size(); ++b)
        m_counts[b] += other.m_counts[b];
    m_total += other.m_total;
    if (other.m_hasRange)
        widen(other.m_low, other.m_high);
}

std::uint32_t LogHistogram::countIn(int bucket) const
{
    return bucket >= 0 && bucket < kBuckets ? m_counts[static_cast<std::size_t>(bucket)] : 0;
}

std::string LogHistogram::encode() const
{
    std::string out;
    for (int b = 0; b < kBuckets; ++b) {
        std::uint32_t count = m_counts[static_cast<std::size_t>(b)];
        if (count == 0)
            continue;
        put(out, static_cast<unsigned char>(b), count);
    }
    if (m_hasRange && m_total > 0) {
        put(out, kLowTag, std::bit_cast<std::uint32_t>(static_cast<float>(m_low)));
        put(out, kHighTag, std::bit_cast<std::uint32_t>(static_cast<float>(m_high)));
    }
    return out;
}

std::optional<double> LogHistogram::percentile(double p) const
{
    if (m_total == 0)
        return std::nullopt;
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(m_total))));
    // The smallest and the largest sample are known exactly.
    if (m_hasRange && rank == 1)
        return m_low;
    if (m_hasRange && rank >= m_total)
        return m_high;
    auto within = [&](double value) {
        return m_hasRange ? std::clamp(value, m_low, m_high) : value;
    };
    std::uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_counts[static_cast<std::size_t>(b)];
        if (seen >= rank)
            return within(valueOf(b));
    }
    return within(valueOf(kBuckets - 1));
}

} // namespace scriptorium::store

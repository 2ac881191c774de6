#pragma once

#include <QDialog>

namespace Ferry {

// Name, version (from the CMake project version), what Ferry is, and the Qt version.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace Ferry

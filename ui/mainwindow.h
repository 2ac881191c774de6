#pragma once

#include <QMainWindow>

namespace Ferry {

// The application window. Until the migration wizard exists (issue 6) it states
// that plainly and points at ferry-cli, which runs the same engine.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace Ferry
